import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { db } from "@/lib/db";
import { maxImageBytes, thumbnailCacheBytes, thumbnailDir } from "@/lib/env";
import { CHUNK_BYTES } from "@/lib/images/file-response";
import { demoCookie } from "@/lib/testing/sessions";

import { GET } from "./route";

// The route on the run's demo database and image root, with a data folder of its own for
// the thumbnails, a cache of 50 KB (a few thumbnails) and a 1 MB limit on image files.
// The environment is read on first use, after these lines.
const SAVED = {
  DATA_DIR: process.env.DATA_DIR,
  THUMBNAIL_CACHE_MB: process.env.THUMBNAIL_CACHE_MB,
  IMAGE_MAX_MB: process.env.IMAGE_MAX_MB,
};
const DATA = fs.mkdtempSync(path.join(os.tmpdir(), "pico-image-route-"));
Object.assign(process.env, { DATA_DIR: DATA, THUMBNAIL_CACHE_MB: "0.05", IMAGE_MAX_MB: "1" });

const IMAGE_ROOT = process.env.IMAGE_ROOT as string;
// This file's own images: files under the image root and their rows, removed at the end.
const FOLDER = `route-test-${process.pid}`;

// As the demo's viewer (lib/testing/sessions.ts).
let cookie = "";
const get = (id: string | number, query = "", headers: Record<string, string> = {}, method = "GET") =>
  GET(new Request(`http://localhost/api/images/by-id/${id}${query}`, { headers: { cookie, ...headers }, method }), {
    params: Promise.resolve({ id: String(id) }),
  });

async function chunksOf(response: Response): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return chunks;
}
const sha256 = (bytes: Uint8Array) => crypto.createHash("sha256").update(bytes).digest("hex");
// The headers of a response whose body is not wanted: its stream is cancelled, which closes the file.
async function headersOf(response: Response): Promise<Headers> {
  await response.body?.cancel();
  return response.headers;
}
const bytesOf = async (response: Response) => Buffer.concat(await chunksOf(response));
const errorOf = async (response: Response) =>
  ((await response.json()) as { error: { code: string; message: string } }).error;

let demo: { id: number; uri: string; bytes: Buffer };
// Local files of this test: exactly at the size limit, one byte over it, and not an image.
const own: Record<"atLimit" | "overLimit" | "broken" | "text", { id: number; uri: string }> = {} as never;

beforeAll(async () => {
  cookie = await demoCookie("VIEWER");
  const image = await db.image.findFirstOrThrow({
    where: { uri: { startsWith: "demo/" }, status: "OK" },
    orderBy: { id: "asc" },
  });
  demo = { id: image.id, uri: image.uri, bytes: fs.readFileSync(path.join(IMAGE_ROOT, image.uri)) };
  fs.mkdirSync(path.join(IMAGE_ROOT, FOLDER));
  const files = {
    atLimit: {
      name: "at-limit.png",
      write: (file: string) => fs.writeFileSync(file, crypto.randomBytes(maxImageBytes())),
    },
    // Sparse: a file over the limit without writing its bytes.
    overLimit: {
      name: "over-limit.png",
      write: (file: string) => {
        fs.writeFileSync(file, "");
        fs.truncateSync(file, maxImageBytes() + 1);
      },
    },
    broken: { name: "broken.png", write: (file: string) => fs.writeFileSync(file, "not a png") },
    text: { name: "notes.txt", write: (file: string) => fs.writeFileSync(file, "notes") },
  };
  for (const [key, { name, write }] of Object.entries(files)) {
    const uri = `${FOLDER}/${name}`;
    write(path.join(IMAGE_ROOT, uri));
    own[key as keyof typeof own] = { id: (await db.image.create({ data: { uri }, select: { id: true } })).id, uri };
  }
});

afterAll(async () => {
  await db.image.deleteMany({ where: { uri: { contains: FOLDER } } });
  fs.rmSync(path.join(IMAGE_ROOT, FOLDER), { recursive: true, force: true });
  fs.rmSync(DATA, { recursive: true, force: true });
  for (const [key, value] of Object.entries(SAVED)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe("GET /api/images/by-id/<id>", () => {
  it("streams the whole file with its type, length and caching headers", async () => {
    const response = await get(demo.id);
    expect(response.status).toBe(200);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      "content-type": "image/jpeg",
      "content-length": String(demo.bytes.length),
      "accept-ranges": "bytes",
      "cache-control": "public, max-age=60",
      etag: expect.stringMatching(/^"[0-9a-f]{16}-full"$/),
      "last-modified": fs.statSync(path.join(IMAGE_ROOT, demo.uri)).mtime.toUTCString(),
    });
    expect(await bytesOf(response)).toEqual(demo.bytes);
  });

  it("sends a large file in chunks as it is read, not as one buffer, up to the size limit", async () => {
    const response = await get(own.atLimit.id);
    expect(response.status).toBe(200);
    const chunks = await chunksOf(response);
    expect(chunks.length).toBe(Math.ceil(maxImageBytes() / CHUNK_BYTES));
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBe(CHUNK_BYTES);
    // Compared by digest: a deep equality of a megabyte takes seconds.
    expect(sha256(Buffer.concat(chunks))).toBe(sha256(fs.readFileSync(path.join(IMAGE_ROOT, own.atLimit.uri))));
  });

  it("caches the current version as immutable and sends a stale one to the current URL", async () => {
    const etag = (await headersOf(await get(demo.id))).get("etag") as string;
    const version = /^"([0-9a-f]{16})-full"$/.exec(etag)?.[1];
    const current = await get(demo.id, `?v=${version}`);
    expect(current.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(await bytesOf(current)).toEqual(demo.bytes);
    const stale = await get(demo.id, "?w=320&v=0000000000000000");
    expect(stale.status).toBe(307);
    expect(stale.headers.get("location")).toBe(`/api/images/by-id/${demo.id}?w=320&v=${version}`);
  });

  it.each([
    ["the first bytes", "bytes=0-99", 0, 99],
    ["a suffix", "bytes=-100", -100, -1],
    ["an open end", "bytes=1000-", 1000, -1],
    ["an end past the file's", "bytes=10-99999999", 10, -1],
  ])("answers a Range for %s with 206 and that part", async (_, range, from, to) => {
    const size = demo.bytes.length;
    const [start, end] = [from < 0 ? size + from : from, to < 0 ? size + to : to];
    const response = await get(demo.id, "", { Range: range });
    expect(response.status).toBe(206);
    expect(response.headers.get("content-range")).toBe(`bytes ${start}-${end}/${size}`);
    expect(response.headers.get("content-length")).toBe(String(end + 1 - start));
    expect(await bytesOf(response)).toEqual(demo.bytes.subarray(start, end + 1));
  });

  it("answers 416 with the file's size for a range past its end", async () => {
    const size = demo.bytes.length;
    const response = await get(demo.id, "", { Range: `bytes=${size}-` });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe(`bytes */${size}`);
    expect(await errorOf(response)).toEqual({
      code: "RANGE_NOT_SATISFIABLE",
      message: `range "bytes=${size}-" is outside the file's ${size} bytes`,
    });
  });

  it("sends the whole file for several ranges, for a range it cannot read, and under an If-Range of another version", async () => {
    const etag = (await headersOf(await get(demo.id))).get("etag") as string;
    for (const headers of [
      { Range: "bytes=0-9,20-29" } as Record<string, string>,
      { Range: "bytes=abc" },
      { Range: "bytes=0-9", "If-Range": '"0000000000000000-full"' },
    ]) {
      const response = await get(demo.id, "", headers);
      expect(response.status, JSON.stringify(headers)).toBe(200);
      expect(await bytesOf(response)).toEqual(demo.bytes);
    }
    const current = await get(demo.id, "", { Range: "bytes=0-9", "If-Range": etag });
    expect(current.status).toBe(206);
    expect(await bytesOf(current)).toEqual(demo.bytes.subarray(0, 10));
  });

  it("answers If-None-Match and If-Modified-Since on a current copy with 304 and no body", async () => {
    const full = await headersOf(await get(demo.id));
    const [etag, lastModified] = [full.get("etag") as string, full.get("last-modified") as string];
    const conditions: Record<string, string>[] = [{ "If-None-Match": etag }, { "If-Modified-Since": lastModified }];
    for (const headers of conditions) {
      const response = await get(demo.id, "", headers);
      expect(response.status, JSON.stringify(headers)).toBe(304);
      expect(response.headers.get("etag")).toBe(etag);
      expect(response.headers.get("cache-control")).toBe("public, max-age=60");
      expect(response.body).toBeNull();
    }
    const changed = await get(demo.id, "", { "If-None-Match": '"0000000000000000-full"' });
    expect(changed.status).toBe(200);
    expect(await bytesOf(changed)).toEqual(demo.bytes);
  });

  it("answers HEAD with the headers alone", async () => {
    const response = await get(demo.id, "", {}, "HEAD");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe(String(demo.bytes.length));
    expect(response.body).toBeNull();
  });

  it("refuses a file over IMAGE_MAX_MB with 413, as a full image and as a thumbnail", async () => {
    for (const query of ["", "?w=160"]) {
      const response = await get(own.overLimit.id, query);
      expect(response.status, query).toBe(413);
      expect(await errorOf(response)).toEqual({
        code: "TOO_LARGE",
        message: `image ${own.overLimit.id} (${own.overLimit.uri}) has 1048577 bytes, over the limit of 1048576 (IMAGE_MAX_MB=1)`,
      });
    }
  });

  it.each(["abc", "0", "-1", "1.5", "1e3", "0x10", "2147483648", "99999999999", "9".repeat(300)])(
    "refuses the id %s with a 400 naming the param",
    async (id) => {
      const response = await get(id);
      expect(response.status).toBe(400);
      expect(await errorOf(response)).toEqual({
        code: "INVALID_INPUT",
        message: "id: must be a whole number from 1 to 2147483647",
      });
    },
  );

  it("refuses a width that is not a thumbnail's, naming the param", async () => {
    const response = await get(demo.id, "?w=300");
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({ code: "INVALID_INPUT", message: "w: must be one of 160, 320, 640" });
  });

  it("answers 404 with JSON for an id no image has, and for a file that is not an image", async () => {
    const none = await get(2147483647);
    expect(none.status).toBe(404);
    expect(await errorOf(none)).toEqual({ code: "NOT_FOUND", message: "no image with id 2147483647" });
    const text = await get(own.text.id);
    expect(text.status).toBe(404);
    expect(await errorOf(text)).toEqual({
      code: "NOT_FOUND",
      message: `image ${own.text.id} (${own.text.uri}) has no image file or URL`,
    });
  });

  it("answers 422 for a thumbnail of a file that is not a readable image", async () => {
    const response = await get(own.broken.id, "?w=160");
    expect(response.status).toBe(422);
    expect(await errorOf(response)).toMatchObject({
      code: "UNREADABLE",
      message: expect.stringContaining(`image ${own.broken.id} (${own.broken.uri}) is not a readable image: `),
    });
  });

  it("redirects an image that is not under the image root to its URL", async () => {
    const uri = `https://example.org/${FOLDER}/remote.png`;
    const { id } = await db.image.create({ data: { uri }, select: { id: true } });
    const response = await get(id);
    expect(response.status).toBe(307);
    expect(response.headers.get("location")).toBe(uri);
  });

  it("serves thumbnails as WebP, by Range too, and keeps their folder under THUMBNAIL_CACHE_MB", async () => {
    // Drawn demo images: the ones the demo leaves missing, as the release does, are not on disk.
    const images = await db.image.findMany({
      where: { uri: { startsWith: "demo/" }, status: "OK" },
      orderBy: { id: "asc" },
      take: 24,
      select: { id: true },
    });
    const folderBytes = () =>
      fs
        .readdirSync(thumbnailDir(), { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .reduce((sum, entry) => sum + fs.statSync(path.join(entry.parentPath, entry.name)).size, 0);
    let served = 0;
    // Four requests at a time, as a browser sends them.
    for (let i = 0; i < images.length; i += 4) {
      const bodies = await Promise.all(
        images.slice(i, i + 4).map(async ({ id }) => {
          const response = await get(id, "?w=640");
          expect(response.status).toBe(200);
          expect(response.headers.get("content-type")).toBe("image/webp");
          const body = await bytesOf(response);
          expect(body.length).toBe(Number(response.headers.get("content-length")));
          return body;
        }),
      );
      for (const body of bodies) {
        expect((await sharp(body).metadata()).format).toBe("webp");
        served += body.length;
      }
      expect(folderBytes()).toBeLessThanOrEqual(thumbnailCacheBytes());
    }
    // More than the cache holds went through it.
    expect(served).toBeGreaterThan(2 * thumbnailCacheBytes());

    const whole = await bytesOf(await get(demo.id, "?w=160"));
    const head = await get(demo.id, "?w=160", { Range: "bytes=0-11" });
    expect(head.status).toBe(206);
    expect(head.headers.get("content-range")).toBe(`bytes 0-11/${whole.length}`);
    const bytes = await bytesOf(head);
    expect([bytes.subarray(0, 4).toString(), bytes.subarray(8, 12).toString()]).toEqual(["RIFF", "WEBP"]);
  });
});
