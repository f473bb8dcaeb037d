import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { fileVersion } from "./version";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-version-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

// A file as locating it finds it: what its version is made of.
const found = (file: string) => {
  const stat = fs.statSync(file);
  return { file, size: stat.size, mtimeMs: stat.mtimeMs };
};

describe("fileVersion", () => {
  it("stays the same while the file is untouched", () => {
    const file = path.join(folder, "a.png");
    fs.writeFileSync(file, "first");
    const version = fileVersion(found(file));
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(fileVersion(found(file))).toBe(version);
  });

  it("changes when the file is rewritten, even with bytes of the same size", () => {
    const file = path.join(folder, "b.png");
    fs.writeFileSync(file, "aaaa");
    fs.utimesSync(file, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
    const before = fileVersion(found(file));
    fs.writeFileSync(file, "bbbb");
    expect(fileVersion(found(file))).not.toBe(before);
  });

  it("differs between two files of the same size and time, as after a reset reuses an id for another path", () => {
    const time = new Date("2026-02-01T00:00:00Z");
    const [one, two] = [path.join(folder, "one.png"), path.join(folder, "two.png")];
    for (const file of [one, two]) {
      fs.writeFileSync(file, "same");
      fs.utimesSync(file, time, time);
    }
    expect(fileVersion(found(one))).not.toBe(fileVersion(found(two)));
  });
});
