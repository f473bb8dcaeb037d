import fs from "node:fs";
import { StringDecoder } from "node:string_decoder";

export type Line = { number: number; text: string; bytes: number };

// The lines of a JSONL file, a block at a time (a promise per line would cost more than
// parsing it), never the whole file: line numbers count every line (blank ones too, so
// they match an editor's), CR LF ends a line as LF does, a UTF-8 BOM at the start is
// dropped, and blank lines are skipped. `bytes` is how far into the file the block ends.
export async function* readLineBlocks(file: string): AsyncGenerator<Line[]> {
  const decoder = new StringDecoder("utf8");
  let carry = "";
  let number = 0;
  let bytes = 0;
  const toLines = (text: string, final: boolean): Line[] => {
    const parts = (carry + text).split("\n");
    carry = final ? "" : (parts.pop() as string);
    const lines: Line[] = [];
    for (const part of parts) {
      number++;
      let line = part.endsWith("\r") ? part.slice(0, -1) : part;
      if (number === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (line.trim() !== "") lines.push({ number, text: line, bytes });
    }
    return lines;
  };
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 16 })) {
    bytes += (chunk as Buffer).length;
    const lines = toLines(decoder.write(chunk as Buffer), false);
    if (lines.length) yield lines;
  }
  const rest = decoder.end();
  if (rest || carry) {
    const lines = toLines(rest, true);
    if (lines.length) yield lines;
  }
}
