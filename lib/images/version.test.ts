import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { fileVersion } from "./version";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-version-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

describe("fileVersion", () => {
  it("stays the same while the file is untouched", async () => {
    const file = path.join(folder, "a.png");
    fs.writeFileSync(file, "first");
    const version = fileVersion(file);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    expect(fileVersion(file)).toBe(version);
  });

  it("changes when the file is rewritten, even with bytes of the same size", async () => {
    const file = path.join(folder, "b.png");
    fs.writeFileSync(file, "aaaa");
    fs.utimesSync(file, new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T00:00:00Z"));
    const before = fileVersion(file);
    fs.writeFileSync(file, "bbbb");
    expect(fileVersion(file)).not.toBe(before);
  });

  it("differs between two files of the same size and time, as after a reset reuses an id for another path", async () => {
    const time = new Date("2026-02-01T00:00:00Z");
    const [one, two] = [path.join(folder, "one.png"), path.join(folder, "two.png")];
    for (const file of [one, two]) {
      fs.writeFileSync(file, "same");
      fs.utimesSync(file, time, time);
    }
    expect(fileVersion(one)).not.toBe(fileVersion(two));
  });
});
