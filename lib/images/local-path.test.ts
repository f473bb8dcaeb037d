import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

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
  fs.symlinkSync(path.join(root, "demo", "a.jpg"), path.join(root, "demo", "alias.jpg"));
});

afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

describe("resolveImageFile", () => {
  it("finds a file under the root, with its size and modification time", async () => {
    const file = fs.realpathSync(path.join(root, "demo", "a.jpg"));
    expect(await resolveImageFile(root, ["demo", "a.jpg"])).toEqual({
      ok: true,
      file,
      size: 4,
      mtimeMs: fs.statSync(file).mtimeMs,
    });
  });

  it("follows a symlink that stays under the root to its real path", async () => {
    expect(await resolveImageFile(root, ["demo", "alias.jpg"])).toMatchObject({
      ok: true,
      file: fs.realpathSync(path.join(root, "demo", "a.jpg")),
    });
  });

  it("refuses parent, current and empty segments, and separators inside a segment", async () => {
    for (const segments of [
      ["..", "secret.txt"],
      ["demo", "..", "..", "secret.txt"],
      [".", "demo"],
      ["demo", "", "a.jpg"],
      ["../secret.txt"],
      ["demo\\..\\..\\secret.txt"],
      ["a\0.jpg"],
    ]) {
      expect(await resolveImageFile(root, segments), segments.join("|")).toMatchObject({ ok: false, status: 400 });
    }
  });

  it("finds a file in a folder made after a failed lookup, once the second the folder is known for is over", async () => {
    expect(await resolveImageFile(root, ["late", "x.jpg"])).toMatchObject({ ok: false, status: 404 });
    fs.mkdirSync(path.join(root, "late"));
    fs.writeFileSync(path.join(root, "late", "x.jpg"), "jpeg");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(Date.now() + 1001);
      expect(await resolveImageFile(root, ["late", "x.jpg"])).toMatchObject({
        ok: true,
        file: fs.realpathSync(path.join(root, "late", "x.jpg")),
      });
    } finally {
      vi.useRealTimers();
    }
  });

  it("gives 404 for a missing file, a folder, an absolute path and a symlink that leaves the root", async () => {
    expect(await resolveImageFile(root, ["demo", "b.jpg"])).toMatchObject({ ok: false, status: 404 });
    expect(await resolveImageFile(root, ["demo"])).toMatchObject({ ok: false, status: 404 });
    expect(await resolveImageFile(root, ["demo", "link.jpg"])).toMatchObject({ ok: false, status: 404 });
    expect(await resolveImageFile(root, outside.split(path.sep).filter(Boolean))).toMatchObject({
      ok: false,
      status: 404,
    });
  });

  it("finds nothing under a root that does not exist, and finds files once it does, within a second", async () => {
    const later = path.join(path.dirname(root), "later");
    expect(await resolveImageFile(later, ["a.jpg"])).toMatchObject({ ok: false, status: 404 });
    fs.mkdirSync(later);
    fs.writeFileSync(path.join(later, "a.jpg"), "jpeg");
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await resolveImageFile(later, ["a.jpg"])).toMatchObject({ ok: true, size: 4 });
  });
});
