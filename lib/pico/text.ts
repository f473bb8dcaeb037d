import { z } from "zod";

// What a string of an import line may hold, and how a bad line is told about safely.
//
// Every string field of a record or a score line passes the one rule below before
// anything reaches the database: PostgreSQL's text cannot hold NUL (the insert fails with
// "invalid byte sequence"), a lone surrogate has no UTF-8 form (node-pg would send U+FFFD
// in its place and silently change the text), and the other control characters (C0, DEL,
// C1) mean nothing in an instruction, a name or a path and reach terminals as escape
// codes. Prose (instructions, rationales) may hold tab and line breaks; names and paths
// may not.

export type TextKind = "prose" | "name";

// Fast tests: a string with none of these needs no closer look (surrogate pairs match
// too, and are told apart from lone surrogates below).
const SUSPECT: Record<TextKind, RegExp> = {
  prose: /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]/,
  name: /[\0-\x1f\x7f-\x9f\ud800-\udfff]/,
};

const codePoint = (code: number) => `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
const isHigh = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number) => code >= 0xdc00 && code <= 0xdfff;

// Why a string may not be stored, or null when it may.
export function findBadCharacter(value: string, kind: TextKind): string | null {
  if (!SUSPECT[kind].test(value)) return null;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const at = `at character ${i + 1}`;
    if (isHigh(code) && isLow(value.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    if (isHigh(code) || isLow(code))
      return `contains a lone surrogate (\\u${code.toString(16)}) ${at}, which is not valid Unicode`;
    if (code === 0) return `contains a NUL character (U+0000) ${at}`;
    if (code === 0x0a || code === 0x0d) {
      if (kind === "name") return `contains a line break (${codePoint(code)}) ${at}`;
      continue;
    }
    if (code === 0x09 && kind === "prose") continue;
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f))
      return `contains the control character ${codePoint(code)} ${at}`;
  }
  return null;
}

export const typeOf = (value: unknown) =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "a list"
      : typeof value === "object"
        ? "an object"
        : `a ${typeof value}`;

// A string field of at most max characters that passes the rule above.
export const textField = (max: number, kind: TextKind) =>
  z
    .string({
      error: (issue) => (issue.input === undefined ? "is missing" : `must be a string, got ${typeOf(issue.input)}`),
    })
    .max(max, { error: `is longer than ${max} characters` })
    .superRefine((value, ctx) => {
      const problem = findBadCharacter(value, kind);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    });

// A text as it can always be printed and stored: control characters and lone surrogates
// written as \u escapes (so a report can neither fail to store nor drive a terminal), and
// cut to at most max characters, escapes included, plus "…". For reasons and excerpts of
// bad lines, never for data.
export function printable(text: string, max: number): string {
  let shown = "";
  // By code point: a surrogate pair comes whole, a lone surrogate alone.
  for (const char of text) {
    const code = char.charCodeAt(0);
    const isUnsafe =
      char.length === 1 && (code <= 0x1f || (code >= 0x7f && code <= 0x9f) || isHigh(code) || isLow(code));
    const piece = isUnsafe ? `\\u${code.toString(16).padStart(4, "0")}` : char;
    if (shown.length + piece.length > max) return `${shown}…`;
    shown += piece;
  }
  return shown;
}

export type JsonLine = { ok: true; value: unknown } | { ok: false; reason: string };

// One JSONL line as a value. A raw NUL byte gets a reason of its own: it is what a UTF-16
// file read as UTF-8 looks like, and JSON.parse's own message would quote it.
export function parseJsonLine(line: string): JsonLine {
  const nul = line.indexOf("\0");
  if (nul !== -1) {
    const count = line.split("\0").length - 1;
    const hint = count * 3 >= line.length ? " (a UTF-16 file? the importer reads UTF-8)" : "";
    return { ok: false, reason: `a raw NUL byte at character ${nul + 1}, which JSON does not allow${hint}` };
  }
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch (error) {
    return { ok: false, reason: `broken JSON: ${(error as Error).message}` };
  }
}
