import { isUtf8 } from "node:buffer";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { firstIllFormed, readLineBlocks, type Line, type ReadOptions } from "./read-lines";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-lines-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

async function readAll(file: string, options: ReadOptions = {}) {
  const lines: Line[] = [];
  for await (const block of readLineBlocks(file, options)) lines.push(...block);
  return lines;
}

// Each line as [number, text] or [number, "!" + problem], with the reader's sizes checked.
async function collect(content: string | Buffer, options: ReadOptions = {}) {
  const file = path.join(folder, `${Math.random()}.jsonl`);
  fs.writeFileSync(file, content);
  const out: [number, string][] = [];
  for await (const block of readLineBlocks(file, options))
    for (const line of block) out.push([line.number, "problem" in line ? `!${line.problem}` : line.text]);
  return out;
}

// Every way to cut a file into blocks: a line end, a character or a limit can fall anywhere.
const BLOCK_SIZES = [1, 2, 3, 5, 7, 64, 1 << 16];

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

  it("ends lines at LF, CR LF and a lone CR alike, whatever the block size", async () => {
    const content = "a1\rb2\r\nc3\n\rd4\r\r\ne5\n\nf6";
    for (const blockBytes of BLOCK_SIZES)
      expect(await collect(content, { blockBytes }), `blocks of ${blockBytes}`).toEqual([
        [1, "a1"],
        [2, "b2"],
        [3, "c3"],
        [5, "d4"],
        [7, "e5"],
        [9, "f6"],
      ]);
  });

  it("drops a BOM at the start of any line, as where one file was appended to another", async () => {
    expect(await collect('{"a":1}\n\uFEFF{"b":2}\n x\uFEFF')).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":2}'],
      [3, " x\uFEFF"],
    ]);
  });
});

describe("the line length limit", () => {
  const limit = 10;

  it("takes a line of exactly the limit and refuses one byte more, counted in bytes", async () => {
    for (const blockBytes of BLOCK_SIZES)
      expect(
        await collect("0123456789\n0123456789A\r\néé34567890\néé345678\n", { maxLineBytes: limit, blockBytes }),
        `blocks of ${blockBytes}`,
      ).toEqual([
        [1, "0123456789"],
        [2, "!line is 11 bytes long, over the limit of 10 bytes"],
        [3, "!line is 12 bytes long, over the limit of 10 bytes"],
        [4, "éé345678"],
      ]);
  });

  it("skips to the next line end, the last line and a lone CR included", async () => {
    for (const blockBytes of BLOCK_SIZES)
      expect(
        await collect(`${"x".repeat(50)}\r{"a":1}\n\n${"y".repeat(25)}`, { maxLineBytes: limit, blockBytes }),
        `blocks of ${blockBytes}`,
      ).toEqual([
        [1, "!line is 50 bytes long, over the limit of 10 bytes"],
        [2, '{"a":1}'],
        [4, "!line is 25 bytes long, over the limit of 10 bytes"],
      ]);
  });

  it("keeps the start of a refused line as its excerpt", async () => {
    const file = path.join(folder, "excerpt.jsonl");
    fs.writeFileSync(file, `{"text": "${"z".repeat(5000)}"}\n`);
    expect(await readAll(file, { maxLineBytes: 100, blockBytes: 7 })).toEqual([
      {
        number: 1,
        bytes: 5013,
        size: 5012,
        problem: "line is 5,012 bytes long, over the limit of 100 bytes",
        excerpt: `{"text": "${"z".repeat(90)}`,
      },
    ]);
  });

  it("holds the default limit of 4 MiB", async () => {
    const file = path.join(folder, "big.jsonl");
    const atLimit = `"${"a".repeat(4 * 1024 * 1024 - 2)}"`;
    fs.writeFileSync(file, `${atLimit}\n${atLimit}b\n{}`);
    const lines = await readAll(file);
    expect(lines.map((line) => [line.number, "problem" in line ? line.problem : line.text.length])).toEqual([
      [1, 4 * 1024 * 1024],
      [2, "line is 4,194,305 bytes long, over the limit of 4,194,304 bytes"],
      [3, 2],
    ]);
  });
});

describe("UTF-8", () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

  it("refuses a line that is not UTF-8, naming the bytes, and reads the others", async () => {
    const content = bytes(
      '{"a":"ok é"}\n',
      '{"a":"',
      [0x80],
      '"}\n', // a stray continuation byte
      '{"a":"',
      [0xc0, 0xaf],
      '"}\n', // an overlong "/"
      '{"a":"',
      [0xed, 0xa0, 0x80],
      '"}\n', // a surrogate half encoded in UTF-8
      '{"a":"',
      [0xf4, 0x90, 0x80, 0x80],
      '"}\n', // over U+10FFFF
      [0xff, 0xfe],
      "{}\n", // a UTF-16 BOM in the middle of the file
      '{"a":"ok"}\n',
      '{"a":"x',
      [0xe2, 0x82], // a character cut short by the end of the file
    );
    for (const blockBytes of BLOCK_SIZES)
      expect(await collect(content, { blockBytes }), `blocks of ${blockBytes}`).toEqual([
        [1, '{"a":"ok é"}'],
        [2, "!invalid UTF-8 at byte 7 of the line (80); the file must be UTF-8"],
        [3, "!invalid UTF-8 at byte 7 of the line (c0); the file must be UTF-8"],
        [4, "!invalid UTF-8 at byte 7 of the line (ed a0); the file must be UTF-8"],
        [5, "!invalid UTF-8 at byte 7 of the line (f4 90); the file must be UTF-8"],
        [6, "!invalid UTF-8 at byte 1 of the line (ff); the file must be UTF-8"],
        [7, '{"a":"ok"}'],
        [
          8,
          "!invalid UTF-8 at byte 8 of the line (e2 82, a character cut short by the end of the line); the file must be UTF-8",
        ],
      ]);
  });

  it("finds an ill-formed sequence exactly when Node's own check does", () => {
    // Random bytes biased to the edges of the UTF-8 ranges, mixed with well-formed
    // characters at the edges of each length, against buffer.isUtf8.
    const edges = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed];
    edges.push(0xee, 0xef, 0xf0, 0xf1, 0xf3, 0xf4, 0xf5, 0xff);
    const characters = [
      "A",
      "\x7f",
      "\x80",
      "\u07ff",
      "\u0800",
      "\ud7ff",
      "\ue000",
      "\uffff",
      "\u{10000}",
      "\u{10ffff}",
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)] as T;
    let invalid = 0;
    const disagreements: string[] = [];
    for (let n = 0; n < 20_000; n++) {
      const sample = Buffer.concat(
        Array.from({ length: 1 + Math.floor(random() * 4) }, () =>
          random() < 0.85 ? Buffer.from(pick(characters)) : Buffer.from([pick(edges)]),
        ),
      );
      const found = firstIllFormed(sample);
      if (found) invalid++;
      // What comes before the bad sequence is UTF-8 itself.
      if ((found === null) !== isUtf8(sample) || (found && !isUtf8(sample.subarray(0, found.at))))
        disagreements.push(sample.toString("hex"));
    }
    expect(disagreements).toEqual([]);
    // Both kinds of sample, in numbers.
    expect(invalid).toBeGreaterThan(5000);
    expect(invalid).toBeLessThan(15_000);
  });
});
