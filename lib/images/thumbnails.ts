import crypto from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";

import sharp from "sharp";

import type { LocalFile } from "./local-path";
import { fileVersion } from "./version";

export const THUMBNAIL_WIDTHS = [160, 320, 640] as const;
export type ThumbnailWidth = (typeof THUMBNAIL_WIDTHS)[number];

// A WebP thumbnail of a local image, made on first request and kept under cacheDir. Its
// name is the file's version (its path, size and modification time), so a changed file
// gets a new thumbnail; it is written under a temporary name and renamed, so a reader
// never sees half a file.
export async function thumbnail(source: LocalFile, width: ThumbnailWidth, cacheDir: string): Promise<string> {
  const target = path.join(cacheDir, String(width), `${fileVersion(source)}.webp`);
  try {
    await fs.access(target);
    return target;
  } catch {
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${crypto.randomUUID()}.tmp`;
    await sharp(source.file).resize({ width, withoutEnlargement: true }).webp({ quality: 80 }).toFile(temporary);
    await fs.rename(temporary, target);
    return target;
  }
}
