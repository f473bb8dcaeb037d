import "server-only";

import { db } from "../db";
import { imageRoot } from "../env";
import { imageBaseUrl, locateImage, type ImageRef } from "../images/locate";
import { fileVersion } from "../images/version";

export async function getImageRef(id: number): Promise<ImageRef | null> {
  return db.image.findUnique({ where: { id }, select: { uri: true, localPath: true } });
}

// The version of the file the image route serves for an image, for an immutable URL;
// none for an image served from elsewhere (or not at all).
export async function imageVersion(image: ImageRef): Promise<string | undefined> {
  const located = await locateImage(image, imageRoot(), imageBaseUrl());
  return located.kind === "file" ? fileVersion(located) : undefined;
}

// An image as a page shows it: its id and version for the URL, its URI for the placeholder.
export type ImageView = { id: number; uri: string; version?: string };

export async function imageView(image: ImageRef & { id: number }): Promise<ImageView> {
  const version = await imageVersion(image);
  return { id: image.id, uri: image.uri, ...(version && { version }) };
}
