import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { imageForJudge } from "./images";

let root: string;

beforeAll(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "pico-judge-images-"));
  process.env.IMAGE_ROOT = root;
  const image = (width: number, height: number) =>
    sharp({ create: { width, height, channels: 3, background: "#3a6ea5" } });
  await image(400, 300).png().toFile(path.join(root, "small.png"));
  await image(2000, 1000).jpeg().toFile(path.join(root, "large.jpg"));
  await image(300, 200).jpeg().withMetadata({ orientation: 6 }).toFile(path.join(root, "turned.jpg"));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const decoded = async (url: string) => {
  const [, type, data] = /^data:([^;]+);base64,(.*)$/.exec(url) ?? [];
  const { width, height } = await sharp(Buffer.from(data as string, "base64")).metadata();
  return { type, width, height };
};

describe("imageForJudge", () => {
  it("sends a small image as its own bytes, a large one scaled to the side as JPEG", async () => {
    const small = await imageForJudge({ uri: "small.png", localPath: null }, 512);
    if (!small.ok) throw new Error(small.reason);
    expect(small.url).toBe(`data:image/png;base64,${fs.readFileSync(path.join(root, "small.png")).toString("base64")}`);
    const large = await imageForJudge({ uri: "large.jpg", localPath: null }, 512);
    if (!large.ok) throw new Error(large.reason);
    expect(await decoded(large.url)).toEqual({ type: "image/jpeg", width: 512, height: 256 });
  });

  it("turns an image its EXIF orientation says to turn, and passes a remote one as its URL", async () => {
    const turned = await imageForJudge({ uri: "turned.jpg", localPath: null }, 512);
    if (!turned.ok) throw new Error(turned.reason);
    expect(await decoded(turned.url)).toMatchObject({ width: 200, height: 300 });
    expect(await imageForJudge({ uri: "https://example.org/a.jpg", localPath: null }, 512)).toEqual({
      ok: true,
      url: "https://example.org/a.jpg",
    });
  });
});
