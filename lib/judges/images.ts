import fs from "node:fs/promises";

import sharp from "sharp";

import { imageRoot } from "../env";
import { imageBaseUrl, locateImage, type ImageRef } from "../images/locate";

// An image as a judge endpoint is sent it: a local file as a data URL no larger than `side`
// pixels on its long side (thumbnail-sized: a model sees little more, and a request stays
// small), a remote image as its URL for the endpoint to fetch. A JPEG, PNG or WebP already
// that small goes as its own bytes; a larger one is scaled down and sent as JPEG.

export type ImageForJudge = { ok: true; url: string } | { ok: false; reason: string };

const TYPES: Record<string, string> = { jpeg: "image/jpeg", png: "image/png", webp: "image/webp" };

// The last few data URLs made: the edits of one task share its source image, and a run
// reads them one after the other.
const RECENT = 64;
const recent = new Map<string, Promise<string>>();

async function dataUrl(file: string, side: number): Promise<string> {
  const bytes = await fs.readFile(file);
  const { format, width, height, orientation } = await sharp(bytes).metadata();
  const type = TYPES[format];
  // An EXIF orientation other than 1 asks the viewer to turn the picture: turned here instead.
  const upright = orientation === undefined || orientation === 1;
  if (type && upright && Math.max(width, height) <= side) return `data:${type};base64,${bytes.toString("base64")}`;
  const jpeg = await sharp(bytes)
    .autoOrient()
    .resize(side, side, { fit: "inside", withoutEnlargement: true })
    .jpeg({ quality: 85 })
    .toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
}

export async function imageForJudge(image: ImageRef, side: number): Promise<ImageForJudge> {
  const located = await locateImage(image, imageRoot(), imageBaseUrl());
  if (located.kind === "missing") return { ok: false, reason: located.reason };
  if (located.kind === "remote") return { ok: true, url: located.url };
  const key = `${side}:${located.file}:${located.mtimeMs}`;
  let made = recent.get(key);
  if (!made) {
    made = dataUrl(located.file, side);
    recent.set(key, made);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value as string);
  }
  try {
    return { ok: true, url: await made };
  } catch (error) {
    recent.delete(key);
    return { ok: false, reason: `${image.uri} could not be read as an image: ${(error as Error).message}` };
  }
}
