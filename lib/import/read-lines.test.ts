import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { readLineBlocks } from "./read-lines";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-lines-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

async function collect(content: string) {
  const file = path.join(folder, `${Math.random()}.jsonl`);
  fs.writeFileSync(file, content);
  const out: [number, string][] = [];
  for await (const block of readLineBlocks(file)) for (const line of block) out.push([line.number, line.text]);
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

  it("keeps a line whole across block boundaries, multi-byte characters included", async () => {
    const long = `{"text": "${"é↔".repeat(600_000)}"}`;
    const lines = await collect(`${long}\n{"b": 1}`);
    expect(lines.map(([number, text]) => [number, text.length])).toEqual([
      [1, long.length],
      [2, 8],
    ]);
    expect(lines[0]?.[1]).toBe(long);
  });
});
