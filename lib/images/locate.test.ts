import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { locateImage } from "./locate";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "pico-mirror-"));
fs.mkdirSync(path.join(root, "images", "positive-edit"), { recursive: true });
fs.mkdirSync(path.join(root, "openimages"), { recursive: true });
fs.writeFileSync(path.join(root, "images", "positive-edit", "1.png"), "png");
fs.writeFileSync(path.join(root, "openimages", "5678.jpg"), "jpg");
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const BASE = "https://ml-site.cdn-apple.com/datasets/pico-banana-300k/nb/";
const file = (...parts: string[]) => fs.realpathSync(path.join(root, ...parts));
// A file as locating it finds it: its real path, size and modification time.
const found = (...parts: string[]) => {
  const real = file(...parts);
  const stat = fs.statSync(real);
  return { kind: "file", file: real, size: stat.size, mtimeMs: stat.mtimeMs };
};

describe("locateImage", () => {
  it("serves a relative path from the local mirror when the file is there", async () => {
    expect(await locateImage({ uri: "images/positive-edit/1.png", localPath: null }, root, BASE)).toEqual(
      found("images", "positive-edit", "1.png"),
    );
  });

  it("joins a relative path to the base URL when the mirror lacks it", async () => {
    expect(await locateImage({ uri: "images/positive-edit/2.png", localPath: null }, root, BASE)).toEqual({
      kind: "remote",
      url: `${BASE}images/positive-edit/2.png`,
    });
  });

  it("prefers a source's local copy, and falls back to its remote URL", async () => {
    const source = "https://farm4.staticflickr.com/1234/5678_abcd_o.jpg";
    expect(await locateImage({ uri: source, localPath: "openimages/5678.jpg" }, root, BASE)).toEqual(
      found("openimages", "5678.jpg"),
    );
    expect(await locateImage({ uri: source, localPath: "openimages/gone.jpg" }, root, BASE)).toEqual({
      kind: "remote",
      url: source,
    });
  });

  it("never leaves the image root", async () => {
    expect(
      await locateImage({ uri: "../../etc/passwd", localPath: null }, path.join(root, "images"), BASE),
    ).toMatchObject({
      kind: "remote",
    });
    const source = "https://farm4.staticflickr.com/1234/5678_abcd_o.jpg";
    for (const localPath of [
      "../openimages/5678.jpg",
      file("openimages", "5678.jpg"),
      "positive-edit/../../openimages/5678.jpg",
    ]) {
      expect(await locateImage({ uri: source, localPath }, path.join(root, "images"), BASE), localPath).toEqual({
        kind: "remote",
        url: source,
      });
    }
  });
});
