import fs from "node:fs";
import type { FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, describe, expect, it } from "vitest";

import type { LocalFile } from "./local-path";
import { ThumbnailCache, UnreadableImageError } from "./thumbnails";
import { fileVersion } from "./version";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-thumbs-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

let made = 0;
// A PNG of its own under the test folder, as locating it finds it.
async function source(width: number, height: number, background: string): Promise<LocalFile> {
  const file = path.join(folder, `source-${++made}.png`);
  await sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toFile(file);
  const stat = fs.statSync(file);
  return { file, size: stat.size, mtimeMs: stat.mtimeMs };
}

// A cache folder of its own for each test.
const cacheDir = () => fs.mkdtempSync(path.join(folder, "cache-"));

// What a response sends: the whole file from the open handle, which is then closed.
async function readAll(opened: { handle: FileHandle; size: number }): Promise<Buffer> {
  try {
    const bytes = await opened.handle.readFile();
    expect(bytes.length).toBe(opened.size);
    return bytes;
  } finally {
    await opened.handle.close();
  }
}

// The files under a cache folder, by name under it, with their sizes.
function filesIn(dir: string): Record<string, number> {
  return Object.fromEntries(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => {
        const file = path.join(entry.parentPath, entry.name);
        return [path.relative(dir, file), fs.statSync(file).size];
      }),
  );
}
const nameOf = (image: LocalFile, width: number) => path.join(String(width), `${fileVersion(image)}.webp`);
const sum = (sizes: number[]) => sizes.reduce((all, size) => all + size, 0);
const total = (files: Record<string, number>) => sum(Object.values(files));

describe("ThumbnailCache", () => {
  it("makes a WebP of the asked width once, then serves the same file from the cache", async () => {
    const dir = cacheDir();
    const cache = new ThumbnailCache(dir, 10 * 2 ** 20);
    const image = await source(1000, 750, "#3366cc");
    const first = await readAll(await cache.open(image, 320));
    const meta = await sharp(first).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["webp", 320, 240]);
    const [name] = Object.keys(filesIn(dir));
    expect(name).toMatch(/^320\/[0-9a-f]{16}\.webp$/);
    const { mtimeMs, ino } = fs.statSync(path.join(dir, name as string));

    expect(await readAll(await cache.open(image, 320))).toEqual(first);
    expect(fs.statSync(path.join(dir, name as string))).toMatchObject({ mtimeMs, ino });
    expect(Object.keys(filesIn(dir))).toEqual([name]);
    expect(cache.size).toBe(first.length);
  });

  it("makes a new one when the file changes, and never enlarges", async () => {
    const cache = new ThumbnailCache(cacheDir(), 10 * 2 ** 20);
    const image = await source(100, 50, "#cc3333");
    expect((await sharp(await readAll(await cache.open(image, 640))).metadata()).width).toBe(100);
    await sharp({ create: { width: 120, height: 60, channels: 3, background: "#33cc33" } })
      .png()
      .toFile(image.file);
    const stat = fs.statSync(image.file);
    const changed = { file: image.file, size: stat.size, mtimeMs: stat.mtimeMs };
    expect((await sharp(await readAll(await cache.open(changed, 640))).metadata()).width).toBe(120);
  });

  it("evicts the least recently served thumbnail first and keeps the folder under its limit", async () => {
    const dir = cacheDir();
    const [a, b, c] = await Promise.all(["#111111", "#777777", "#eeeeee"].map((colour) => source(400, 300, colour)));
    // Room for two of the three (of about the same size), not for all three.
    const sizer = new ThumbnailCache(cacheDir(), 10 * 2 ** 20);
    const sizes = await Promise.all(
      [a, b, c].map(async (image) => (await readAll(await sizer.open(image!, 160))).length),
    );
    const limit = sum(sizes) - 1;
    const cache = new ThumbnailCache(dir, limit);
    await readAll(await cache.open(a!, 160));
    await readAll(await cache.open(b!, 160));
    expect(Object.keys(filesIn(dir)).sort()).toEqual([nameOf(a!, 160), nameOf(b!, 160)].sort());
    // a is served again, so b is now the least recently served.
    await readAll(await cache.open(a!, 160));
    await readAll(await cache.open(c!, 160));
    const left = filesIn(dir);
    expect(Object.keys(left).sort()).toEqual([nameOf(a!, 160), nameOf(c!, 160)].sort());
    expect(total(left)).toBeLessThanOrEqual(limit);
    expect(cache.size).toBe(total(left));
  });

  it("starts from what an earlier run left: its files counted oldest first, its stale temporary files removed", async () => {
    const dir = cacheDir();
    const [a, b, c] = await Promise.all(["#223344", "#445566", "#667788"].map((colour) => source(400, 300, colour)));
    const earlier = new ThumbnailCache(dir, 10 * 2 ** 20);
    for (const image of [a, b, c]) await readAll(await earlier.open(image!, 160));
    // Made in the order b, a, c, by their modification times.
    const madeAt = (image: LocalFile, hour: number) =>
      fs.utimesSync(
        path.join(dir, nameOf(image, 160)),
        new Date(Date.UTC(2026, 0, 1, hour)),
        new Date(Date.UTC(2026, 0, 1, hour)),
      );
    madeAt(b!, 1);
    madeAt(a!, 2);
    madeAt(c!, 3);
    const stale = path.join(dir, "160", "left.webp.1.x.tmp");
    const fresh = path.join(dir, "160", "writing.webp.2.y.tmp");
    fs.writeFileSync(stale, "half");
    fs.writeFileSync(fresh, "half");
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    fs.utimesSync(stale, twoHoursAgo, twoHoursAgo);
    const before = filesIn(dir);
    const sizeOf = (image: LocalFile) => before[nameOf(image, 160)] as number;

    // A lower limit than the folder holds: the oldest goes at the first request.
    const cache = new ThumbnailCache(dir, sizeOf(a!) + sizeOf(b!) + sizeOf(c!) - 1);
    await readAll(await cache.open(c!, 160));
    expect(Object.keys(filesIn(dir)).sort()).toEqual(
      [nameOf(a!, 160), nameOf(c!, 160), path.relative(dir, fresh)].sort(),
    );
    expect(cache.size).toBe(sizeOf(a!) + sizeOf(c!));
  });

  it("gives every one of several requests for the same new thumbnail the whole file, and keeps one", async () => {
    const dir = cacheDir();
    const cache = new ThumbnailCache(dir, 10 * 2 ** 20);
    const image = await source(900, 600, "#886644");
    const bodies = await Promise.all(Array.from({ length: 8 }, async () => readAll(await cache.open(image, 640))));
    for (const body of bodies) expect(body).toEqual(bodies[0]);
    expect((await sharp(bodies[0]).metadata()).width).toBe(640);
    const files = filesIn(dir);
    expect(Object.keys(files)).toHaveLength(1);
    expect(cache.size).toBe(total(files));
  });

  it("under a small limit, thumbnails made at once are each read whole, and the folder ends under the limit", async () => {
    const dir = cacheDir();
    const images = await Promise.all(
      Array.from({ length: 12 }, (_, i) => source(300 + i * 10, 200, `#${(i * 20 + 16).toString(16)}4488`)),
    );
    const sizer = new ThumbnailCache(cacheDir(), 10 * 2 ** 20);
    const sizes = await Promise.all(images.map(async (image) => (await readAll(await sizer.open(image, 160))).length));
    // Room for about a third of them.
    const limit = Math.floor(sum(sizes) / 3);
    const cache = new ThumbnailCache(dir, limit);
    const bodies = await Promise.all(images.map(async (image) => readAll(await cache.open(image, 160))));
    for (const [i, body] of bodies.entries()) {
      expect((await sharp(body).metadata()).format).toBe("webp");
      expect(body.length).toBe(sizes[i]);
    }
    const files = filesIn(dir);
    expect(Object.keys(files).every((name) => name.endsWith(".webp"))).toBe(true);
    expect(total(files)).toBeLessThanOrEqual(limit);
    expect(cache.size).toBe(total(files));
  });

  it("makes a thumbnail again when its file was deleted by hand", async () => {
    const dir = cacheDir();
    const cache = new ThumbnailCache(dir, 10 * 2 ** 20);
    const image = await source(200, 100, "#aa00aa");
    const first = await readAll(await cache.open(image, 160));
    fs.rmSync(path.join(dir, Object.keys(filesIn(dir))[0] as string));
    expect(await readAll(await cache.open(image, 160))).toEqual(first);
    expect(cache.size).toBe(first.length);
  });

  it("says a file is not an image it can read, and leaves no temporary file", async () => {
    const dir = cacheDir();
    const cache = new ThumbnailCache(dir, 10 * 2 ** 20);
    const file = path.join(folder, "broken.png");
    fs.writeFileSync(file, "not a png at all");
    const stat = fs.statSync(file);
    await expect(cache.open({ file, size: stat.size, mtimeMs: stat.mtimeMs }, 160)).rejects.toBeInstanceOf(
      UnreadableImageError,
    );
    expect(filesIn(dir)).toEqual({});
  });
});
