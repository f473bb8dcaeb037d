// GET /api/images/by-id/<id>: an image's bytes from the image root, else a redirect to
// its remote URL (its own, or its relative path under IMAGE_BASE_URL).
import fs from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { getImageRef } from "@/lib/data/images";
import { imageRoot } from "@/lib/env";
import { IMAGE_TYPES } from "@/lib/images/local-path";
import { imageBaseUrl, locateImage } from "@/lib/images/locate";

const idParam = z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).positive({ error: "must be positive" });

export async function GET(_request: Request, context: { params: Promise<{ id: string }> }) {
  const parsed = idParam.safeParse((await context.params).id);
  if (!parsed.success) return Response.json({ error: { code: "INVALID_INPUT", message: `id ${parsed.error.issues[0]?.message}` } }, { status: 400 });
  const image = await getImageRef(parsed.data);
  if (!image) return Response.json({ error: { code: "NOT_FOUND", message: `no image with id ${parsed.data}` } }, { status: 404 });
  const located = await locateImage(image, imageRoot(), imageBaseUrl());
  if (located.kind === "remote") return Response.redirect(located.url, 307);
  const type = located.kind === "file" ? IMAGE_TYPES[path.extname(located.file).toLowerCase()] : undefined;
  if (located.kind === "missing" || !type) return Response.json({ error: { code: "NOT_FOUND", message: `image ${parsed.data} (${image.uri}) has no file or URL` } }, { status: 404 });
  return new Response(new Uint8Array(await fs.readFile(located.file)), { headers: { "Content-Type": type, "Cache-Control": "public, max-age=3600" } });
}
