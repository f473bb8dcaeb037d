// GET /api/images/by-id/<id>[?w=160|320|640][&v=<version>]: an image's bytes from the
// image root (a cached WebP thumbnail when w is given), else a redirect to its remote URL
// (its own, or its relative path under IMAGE_BASE_URL). The file is streamed, a Range is
// answered with its part (206), and a file over IMAGE_MAX_MB is refused (413). With the
// file's current version the response is immutable; see lib/images/cache-policy.ts for
// the other cases.
import fs from "node:fs/promises";
import path from "node:path";

import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { getImageRef } from "@/lib/data/images";
import { env, imageRoot, maxImageBytes, thumbnailCacheBytes, thumbnailDir } from "@/lib/env";
import { cachePolicy } from "@/lib/images/cache-policy";
import { httpDate, isNotModified } from "@/lib/images/conditional";
import { fileResponse, type OpenFile } from "@/lib/images/file-response";
import { IMAGE_TYPES, type LocalFile } from "@/lib/images/local-path";
import { imageBaseUrl, locateImage } from "@/lib/images/locate";
import { thumbnailCache, THUMBNAIL_WIDTHS, UnreadableImageError, type ThumbnailWidth } from "@/lib/images/thumbnails";
import { imageSrc } from "@/lib/images/uri";
import { fileVersion } from "@/lib/images/version";
import { ID_RULE, parseId } from "@/lib/schemas/id";
import { requireRole } from "@/lib/auth/session";

type Context = { params: Promise<{ id: string }> };

export const GET = routeHandler("image", async (request: Request, context: Context) => {
  await requireRole("VIEWER", request.headers);
  const id = parseId((await context.params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const searchParams = new URL(request.url).searchParams;
  const w = searchParams.get("w");
  const width = w === null ? undefined : THUMBNAIL_WIDTHS.find((allowed) => String(allowed) === w);
  if (w !== null && !width)
    throw invalidInput([{ param: "w", message: `must be one of ${THUMBNAIL_WIDTHS.join(", ")}` }]);

  const image = await getImageRef(id);
  if (!image) throw new AppError("NOT_FOUND", `no image with id ${id}`);
  const located = await locateImage(image, imageRoot(), imageBaseUrl());
  if (located.kind === "remote") return Response.redirect(located.url, 307);
  const type = located.kind === "file" ? IMAGE_TYPES[path.extname(located.file).toLowerCase()] : undefined;
  if (located.kind === "missing" || !type)
    throw new AppError("NOT_FOUND", `image ${id} (${image.uri}) has no image file or URL`);
  // Checked before anything reads the file: a thumbnail decodes all of it.
  if (located.size > maxImageBytes())
    throw new AppError(
      "TOO_LARGE",
      `image ${id} (${image.uri}) has ${located.size} bytes, over the limit of ${maxImageBytes()} (IMAGE_MAX_MB=${env().IMAGE_MAX_MB})`,
    );

  const version = fileVersion(located);
  const policy = cachePolicy(searchParams.get("v"), version);
  // A relative Location: the browser resolves it against the URL it asked for.
  if (policy.kind === "redirect")
    return new Response(null, {
      status: 307,
      headers: { Location: imageSrc(id, width, version), "Cache-Control": "no-store" },
    });
  // A thumbnail changes when its file does, so the file's time stands for both.
  const validators = { etag: `"${version}-${width ?? "full"}"`, lastModified: new Date(located.mtimeMs) };
  const headers = { "Cache-Control": policy.cacheControl };
  if (isNotModified(request.headers, validators))
    return new Response(null, {
      status: 304,
      headers: { ...headers, ETag: validators.etag, "Last-Modified": httpDate(validators.lastModified) },
    });

  let file: OpenFile;
  try {
    file = width ? await openThumbnail(located, width) : await openFile(located, type);
  } catch (error) {
    if (error instanceof UnreadableImageError)
      throw new AppError("UNREADABLE", `image ${id} (${image.uri}) is not a readable image: ${error.message}`);
    // Removed between the stat and the open.
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new AppError("NOT_FOUND", `image ${id} (${image.uri}) has no image file or URL`);
    throw error;
  }
  return fileResponse(request, file, validators, headers);
});

async function openFile(located: LocalFile, type: string): Promise<OpenFile> {
  return { handle: await fs.open(located.file, "r"), size: located.size, type };
}

async function openThumbnail(located: LocalFile, width: ThumbnailWidth): Promise<OpenFile> {
  const thumbnail = await thumbnailCache(thumbnailDir(), thumbnailCacheBytes()).open(located, width);
  return { ...thumbnail, type: "image/webp" };
}
