import fs from "node:fs";
import readline from "node:readline";

export type Line = { number: number; text: string; bytes: number };

// The lines of a JSONL file, one at a time, never the whole file: line numbers count
// every line (blank ones too, so they match an editor's), CR LF and CR end lines as LF
// does, a UTF-8 BOM at the start is dropped, and blank lines are skipped. `bytes` is how
// far into the file the reader is, for progress.
export async function* readLines(file: string): AsyncGenerator<Line> {
  const stream = fs.createReadStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  const lines = readline.createInterface({ input: stream, crlfDelay: Infinity });
  let number = 0;
  for await (const raw of lines) {
    number++;
    const text = number === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (text.trim() === "") continue;
    yield { number, text, bytes: stream.bytesRead };
  }
}
