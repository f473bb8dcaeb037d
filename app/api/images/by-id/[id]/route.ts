// GET /api/images/by-id/<id>[?w=160|320|640][&v=<version>]: an image's bytes from the
// image root (a cached WebP thumbnail when w is given), else a redirect to its remote URL
// (its own, or its relative path under IMAGE_BASE_URL). With the file's current version
// the response is immutable; see lib/images/cache-policy.ts for the other cases.
import fs from "node:fs/promises";
import path from "node:path";

import { z } from "zod";

import { getImageRef } from "@/lib/data/images";
import { dataDir, imageRoot } from "@/lib/env";
import { cachePolicy } from "@/lib/images/cache-policy";
import { IMAGE_TYPES } from "@/lib/images/local-path";
import { imageBaseUrl, locateImage } from "@/lib/images/locate";
import { thumbnail, THUMBNAIL_WIDTHS, type ThumbnailWidth } from "@/lib/images/thumbnails";
import { imageSrc } from "@/lib/images/uri";
import { fileVersion } from "@/lib/images/version";

const idParam = z.coerce
  .number({ error: "must be a number" })
  .int({ error: "must be an integer" })
  .positive({ error: "must be positive" });
const widthParam = z
  .enum(THUMBNAIL_WIDTHS.map(String) as [string, ...string[]], {
    error: `must be one of ${THUMBNAIL_WIDTHS.join(", ")}`,
  })
  .optional();

const invalid = (message: string) => Response.json({ error: { code: "INVALID_INPUT", message } }, { status: 400 });

export async function GET(request: Request, context: { params: Promise<{ id: string }> }) {
  const id = idParam.safeParse((await context.params).id);
  if (!id.success) return invalid(`id ${id.error.issues[0]?.message}`);
  const searchParams = new URL(request.url).searchParams;
  const width = widthParam.safeParse(searchParams.get("w") ?? undefined);
  if (!width.success) return invalid(`w ${width.error.issues[0]?.message}`);
  const image = await getImageRef(id.data);
  if (!image)
    return Response.json({ error: { code: "NOT_FOUND", message: `no image with id ${id.data}` } }, { status: 404 });
  const located = await locateImage(image, imageRoot(), imageBaseUrl());
  if (located.kind === "remote") return Response.redirect(located.url, 307);
  const type = located.kind === "file" ? IMAGE_TYPES[path.extname(located.file).toLowerCase()] : undefined;
  if (located.kind === "missing" || !type)
    return Response.json(
      { error: { code: "NOT_FOUND", message: `image ${id.data} (${image.uri}) has no file or URL` } },
      { status: 404 },
    );

  const thumbnailWidth = width.data ? (Number(width.data) as ThumbnailWidth) : undefined;
  const version = fileVersion(located);
  const policy = cachePolicy(searchParams.get("v"), version);
  // A relative Location: the browser resolves it against the URL it asked for.
  if (policy.kind === "redirect")
    return new Response(null, {
      status: 307,
      headers: { Location: imageSrc(id.data, thumbnailWidth, version), "Cache-Control": "no-store" },
    });
  const etag = `"${version}-${thumbnailWidth ?? "full"}"`;
  const headers = { "Cache-Control": policy.cacheControl, ETag: etag };
  if (request.headers.get("if-none-match") === etag) return new Response(null, { status: 304, headers });
  if (thumbnailWidth) {
    const file = await thumbnail(located, thumbnailWidth, path.join(dataDir(), "thumbnails"));
    return new Response(new Uint8Array(await fs.readFile(file)), {
      headers: { ...headers, "Content-Type": "image/webp" },
    });
  }
  return new Response(new Uint8Array(await fs.readFile(located.file)), {
    headers: { ...headers, "Content-Type": type },
  });
}
