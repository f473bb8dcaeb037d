import sharp from "sharp";

import { imageRoot } from "../env";
import { imageBaseUrl, locateImage, type ImageRef } from "../images/locate";

// An image as a judge endpoint is sent it: a local file as a JPEG data URL no larger than
// `side` pixels on its long side (thumbnail-sized: a model sees little more, and a request
// stays small), a remote image as its URL for the endpoint to fetch.

export type ImageForJudge = { ok: true; url: string } | { ok: false; reason: string };

export async function imageForJudge(image: ImageRef, side: number): Promise<ImageForJudge> {
  const located = await locateImage(image, imageRoot(), imageBaseUrl());
  if (located.kind === "missing") return { ok: false, reason: located.reason };
  if (located.kind === "remote") return { ok: true, url: located.url };
  try {
    const jpeg = await sharp(located.file)
      .autoOrient()
      .resize(side, side, { fit: "inside", withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer();
    return { ok: true, url: `data:image/jpeg;base64,${jpeg.toString("base64")}` };
  } catch (error) {
    return { ok: false, reason: `${image.uri} could not be read as an image: ${(error as Error).message}` };
  }
}
