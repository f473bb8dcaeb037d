import { isUtf8 } from "node:buffer";
import fs from "node:fs";

// Longest line read, in bytes. A released record is about 1 KB, and the largest the field
// limits allow (a multi-turn record of 20 prompts of 20,000 characters and 50 image paths)
// stays under 3.2 MB even with every character written as a \u escape. A longer line is
// refused while it is read, its bytes dropped as they come: a whole 30 MB line once took
// the importer to 563 MB.
export const MAX_LINE_BYTES = 4 * 1024 * 1024;
// Bytes kept of a refused line, for its excerpt.
const HEAD_BYTES = 1024;

type Where = {
  number: number;
  // How far into the file the block holding the line ends.
  bytes: number;
  // The line's own length in bytes, without its line end.
  size: number;
};
// A line is its text, or the reason it could not be read as text (too long, not UTF-8)
// with the start of it as best it decodes.
export type Line = (Where & { text: string }) | (Where & { problem: string; excerpt: string });
export type ReadOptions = { maxLineBytes?: number; blockBytes?: number };

const LF = 0x0a;
const CR = 0x0d;
const count = (n: number) => n.toLocaleString("en-US");

// The lines of a JSONL file, a block at a time (a promise per line would cost more than
// parsing it), never the whole file, nor a whole line over the limit. A line ends at LF,
// CR LF or a lone CR (as editors, Node's readline and Python count them), or at the end of
// the file; line numbers count every line, blank ones too, so they match an editor's. A
// BOM (U+FEFF) at the start of a line is dropped (a file's own, or one of a file appended
// to another); blank lines are skipped. Lines are checked as UTF-8 here, on their bytes,
// where decoding would turn a bad sequence into U+FFFD without a word.
export async function* readLineBlocks(file: string, options: ReadOptions = {}): AsyncGenerator<Line[]> {
  const max = options.maxLineBytes ?? MAX_LINE_BYTES;
  // The current line: its pieces while it is within the limit, its first bytes once it is not.
  let pieces: Buffer[] = [];
  let head: Buffer | null = null;
  let size = 0;
  let number = 0;
  let bytes = 0;
  // The last block ended a line on CR: an LF starting the next block is part of that line end.
  let afterCr = false;

  const append = (piece: Buffer) => {
    if (piece.length === 0) return;
    if (head === null && size + piece.length > max) {
      head = Buffer.concat([...pieces, piece], Math.min(HEAD_BYTES, max));
      pieces = [];
    }
    if (head === null) pieces.push(piece);
    size += piece.length;
  };
  const endLine = (lines: Line[]) => {
    number++;
    const where = { number, bytes, size };
    if (head !== null) {
      lines.push({
        ...where,
        problem: `line is ${count(size)} bytes long, over the limit of ${count(max)} bytes`,
        excerpt: head.toString("utf8"),
      });
    } else if (size > 0) {
      const line = pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces, size);
      if (!isUtf8(line)) {
        lines.push({ ...where, problem: invalidUtf8(line), excerpt: line.subarray(0, HEAD_BYTES).toString("utf8") });
      } else {
        addText(lines, line.toString("utf8"));
      }
    }
    pieces = [];
    head = null;
    size = 0;
  };
  const addText = (lines: Line[], decoded: string) => {
    const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
    if (text.trim() !== "") lines.push({ number, bytes, size, text });
  };

  // One buffer read into again and again: a fresh buffer per block would leave a huge
  // line's bytes behind as garbage, which the heap collects late (32 MB more RSS for a
  // 40 MB line). Pieces of a line that runs on into the next block are copied out of it.
  const buffer = Buffer.alloc(options.blockBytes ?? 1 << 16);
  const handle = await fs.promises.open(file, "r");
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const block = buffer.subarray(0, bytesRead);
      bytes += bytesRead;
      const lines: Line[] = [];
      let start = afterCr && block[0] === LF ? 1 : 0;
      afterCr = false;
      // The next LF and CR at or after start, each searched for again only once passed.
      let lf = block.indexOf(LF, start);
      let cr = block.indexOf(CR, start);
      // The lines that start and end in this block are checked as UTF-8 at once, and then
      // decoded in place: a check and a Buffer per line took twice the time. Line ends are
      // ASCII, never inside a character, so the lines between them are UTF-8 when the span is.
      const firstEnd = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      const lastEnd = Math.max(block.lastIndexOf(LF), block.lastIndexOf(CR));
      const isSpanUtf8 = firstEnd !== -1 && isUtf8(block.subarray(firstEnd, lastEnd));
      for (;;) {
        const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
        if (end === -1) {
          append(block.subarray(start));
          break;
        }
        if (isSpanUtf8 && start > firstEnd && end - start <= max) {
          number++;
          size = end - start;
          if (size > 0) addText(lines, block.toString("utf8", start, end));
          size = 0;
        } else {
          append(block.subarray(start, end));
          endLine(lines);
        }
        start = end + 1;
        if (end === cr) {
          if (start === block.length) afterCr = true;
          else if (block[start] === LF) start++;
        }
        if (lf !== -1 && lf < start) lf = block.indexOf(LF, start);
        if (cr !== -1 && cr < start) cr = block.indexOf(CR, start);
      }
      pieces = pieces.map((piece) => (piece.buffer === buffer.buffer ? Buffer.from(piece) : piece));
      if (lines.length) yield lines;
    }
  } finally {
    await handle.close();
  }
  if (size > 0) {
    const lines: Line[] = [];
    endLine(lines);
    if (lines.length) yield lines;
  }
}

// Where a line that is not UTF-8 goes wrong: the first ill-formed sequence (the Unicode
// standard's table 3-7: no stray continuation byte, no overlong form, no surrogate, nothing
// over U+10FFFF, no character cut short), as a reason naming its bytes.
export function invalidUtf8(line: Buffer): string {
  const bad = firstIllFormed(line);
  if (bad === null) return "invalid UTF-8";
  const shown = [...line.subarray(bad.at, bad.end)].map((byte) => byte.toString(16).padStart(2, "0")).join(" ");
  const cut = bad.isCutShort ? ", a character cut short by the end of the line" : "";
  return `invalid UTF-8 at byte ${bad.at + 1} of the line (${shown}${cut}); the file must be UTF-8`;
}

// The first ill-formed sequence: from its first byte to the byte that breaks it, inclusive.
export function firstIllFormed(bytes: Uint8Array): { at: number; end: number; isCutShort: boolean } | null {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    // Continuation bytes after this lead, and the range of the first of them.
    let follow = 0;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) follow = 1;
    else if (lead === 0xe0) [follow, low] = [2, 0xa0];
    else if (lead === 0xed) [follow, high] = [2, 0x9f];
    else if (lead >= 0xe1 && lead <= 0xef) follow = 2;
    else if (lead === 0xf0) [follow, low] = [3, 0x90];
    else if (lead >= 0xf1 && lead <= 0xf3) follow = 3;
    else if (lead === 0xf4) [follow, high] = [3, 0x8f];
    else return { at: i, end: i + 1, isCutShort: false };
    for (let k = 1; k <= follow; k++) {
      const byte = bytes[i + k];
      if (byte === undefined) return { at: i, end: i + k, isCutShort: true };
      const [min, top] = k === 1 ? [low, high] : [0x80, 0xbf];
      if (byte < min || byte > top) return { at: i, end: i + k + 1, isCutShort: false };
    }
    i += follow + 1;
  }
  return null;
}
