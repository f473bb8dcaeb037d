import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { resolveImageFile } from "./local-path";

let root: string;
let outside: string;

beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "pico-root-"));
  root = path.join(base, "images");
  outside = path.join(base, "secret.txt");
  fs.mkdirSync(path.join(root, "demo"), { recursive: true });
  fs.writeFileSync(path.join(root, "demo", "a.jpg"), "jpeg");
  fs.writeFileSync(outside, "secret");
  fs.symlinkSync(outside, path.join(root, "demo", "link.jpg"));
});

afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

describe("resolveImageFile", () => {
  it("finds a file under the root", () => {
    expect(resolveImageFile(root, ["demo", "a.jpg"])).toEqual({
      ok: true,
      file: fs.realpathSync(path.join(root, "demo", "a.jpg")),
    });
  });

  it("refuses parent, current and empty segments, and separators inside a segment", () => {
    for (const segments of [
      ["..", "secret.txt"],
      ["demo", "..", "..", "secret.txt"],
      [".", "demo"],
      ["demo", "", "a.jpg"],
      ["../secret.txt"],
      ["demo\\..\\..\\secret.txt"],
      ["a\0.jpg"],
    ]) {
      expect(resolveImageFile(root, segments), segments.join("|")).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("gives 404 for a missing file, a folder, an absolute path and a symlink that leaves the root", () => {
    expect(resolveImageFile(root, ["demo", "b.jpg"])).toMatchObject({ ok: false, status: 404 });
    expect(resolveImageFile(root, ["demo"])).toMatchObject({ ok: false, status: 404 });
    expect(resolveImageFile(root, ["demo", "link.jpg"])).toMatchObject({ ok: false, status: 404 });
    expect(resolveImageFile(root, outside.split(path.sep).filter(Boolean))).toMatchObject({ ok: false, status: 404 });
  });
});
