import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { readLines } from "./read-lines";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-lines-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

async function collect(content: string) {
  const file = path.join(folder, `${Math.random()}.jsonl`);
  fs.writeFileSync(file, content);
  const out: [number, string][] = [];
  for await (const line of readLines(file)) out.push([line.number, line.text]);
  return out;
}

describe("readLines", () => {
  it("drops a BOM, handles CRLF and skips blank lines while keeping line numbers", async () => {
    expect(await collect('\uFEFF{"a":1}\r\n\r\n{"b":2}\r\n   \n{"c":3}')).toEqual([
      [1, '{"a":1}'],
      [3, '{"b":2}'],
      [5, '{"c":3}'],
    ]);
  });

  it("reads an empty file as no lines", async () => {
    expect(await collect("")).toEqual([]);
  });
});
