import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";

import { thumbnail } from "./thumbnails";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-thumbs-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// A file as locating it finds it.
const found = (file: string) => {
  const stat = fs.statSync(file);
  return { file, size: stat.size, mtimeMs: stat.mtimeMs };
};

describe("thumbnail", () => {
  it("makes a WebP of the asked width once, then serves it from the cache", async () => {
    const source = path.join(folder, "source.png");
    await sharp({ create: { width: 1000, height: 750, channels: 3, background: "#3366cc" } })
      .png()
      .toFile(source);
    const first = await thumbnail(found(source), 320, path.join(folder, "cache"));
    const meta = await sharp(first).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 320, 240]);
    const made = fs.statSync(first).mtimeMs;
    expect(await thumbnail(found(source), 320, path.join(folder, "cache"))).toBe(first);
    expect(fs.statSync(first).mtimeMs).toBe(made);
  });

  it("makes a new one when the file changes, and never enlarges", async () => {
    const source = path.join(folder, "small.png");
    await sharp({ create: { width: 100, height: 50, channels: 3, background: "#cc3333" } })
      .png()
      .toFile(source);
    const before = await thumbnail(found(source), 640, path.join(folder, "cache"));
    expect((await sharp(before).metadata()).width).toBe(100);
    await sharp({ create: { width: 120, height: 60, channels: 3, background: "#33cc33" } })
      .png()
      .toFile(source);
    const after = await thumbnail(found(source), 640, path.join(folder, "cache"));
    expect(after).not.toBe(before);
    expect((await sharp(after).metadata()).width).toBe(120);
  });
});
