// GET /api/images/<path>: an image file from the image root (IMAGE_ROOT, or the demo's).
import fs from "node:fs/promises";
import path from "node:path";

import { imageRoot } from "@/lib/env";
import { IMAGE_TYPES, resolveImageFile } from "@/lib/images/local-path";

export async function GET(_request: Request, context: { params: Promise<{ path: string[] }> }) {
  const { path: segments } = await context.params;
  const resolved = resolveImageFile(imageRoot(), segments);
  if (!resolved.ok)
    return Response.json(
      { error: { code: resolved.status === 400 ? "INVALID_INPUT" : "NOT_FOUND", message: resolved.reason } },
      { status: resolved.status },
    );
  const type = IMAGE_TYPES[path.extname(resolved.file).toLowerCase()];
  if (!type) return Response.json({ error: { code: "NOT_FOUND", message: "not an image file" } }, { status: 404 });
  return new Response(new Uint8Array(await fs.readFile(resolved.file)), {
    headers: { "Content-Type": type, "Cache-Control": "public, max-age=3600" },
  });
}
