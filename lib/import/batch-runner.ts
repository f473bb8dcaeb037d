import fs from "node:fs";
import path from "node:path";

import pg from "pg";

import { printable } from "../pico/text";
import { readLineBlocks, type ReadOptions } from "./read-lines";

// Streams one JSONL file into the database as one import batch: each line parsed on its
// own, good records written in chunks, each chunk in a transaction together with its bad
// lines and the batch's counters. A crash loses at most the chunk in flight, and the
// writers skip what exists, so a re-run adds only what is missing. With `strict`, the
// whole file is one transaction that the first bad line rolls back.

export class ImportInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportInputError";
  }
}

export type BadLine = { line: number; reason: string };
export type Parsed<T> = { ok: true; record: T } | { ok: false; reason: string };
// newLines: lines that added rows; notes: lines imported but worth reporting; rejected:
// lines found bad only against the database (a score for an edit that does not exist).
export type Written = { newLines: Set<number>; notes: BadLine[]; rejected: BadLine[] };

export type BatchSpec<T> = {
  kind: "SFT" | "PREFERENCE" | "MULTI_TURN" | "SCORES";
  parse: (text: string) => Parsed<T>;
  // Called once per connection before the first chunk.
  prepare?: (client: pg.ClientBase) => Promise<void>;
  // Writes a chunk inside the runner's transaction.
  write: (client: pg.ClientBase, records: { line: number; record: T }[], batchId: number) => Promise<Written>;
};
export type RunOptions = ReadOptions & {
  strict?: boolean;
  chunkRecords?: number;
  chunkBytes?: number;
  onProgress?: (bytesRead: number, records: number) => void;
};
export type BatchSummary = {
  file: string;
  batchId: number;
  records: number;
  newRecords: number;
  existingRecords: number;
  rejected: number;
  badLines: BadLine[];
  notes: BadLine[];
  aborted: boolean;
};

// Characters kept of a bad line, and of a reason (which can quote the line).
const EXCERPT = 300;
const REASON = 1000;
// Records per transaction: small enough to bound memory (peak RSS under 400 MB at full
// release size), large enough that per-chunk round trips do not matter.
export const DEFAULT_CHUNK_RECORDS = 10_000;
// Bytes of lines per transaction, as well: 10,000 lines of the release are about 10 MB,
// but records as large as the field limits allow (a multi-turn record can be 3 MB) would
// make a chunk of gigabytes. Two chunks are in memory at once (one parsed, one written).
export const DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024;
// Key of the advisory lock that serializes imports (any fixed number unique to them).
const IMPORT_LOCK = 7_400_386;

const storable = (lines: BadLine[]) => lines.map((bad) => ({ line: bad.line, reason: printable(bad.reason, REASON) }));

// Byte-order marks of the encodings a JSONL file is sometimes saved in instead of UTF-8;
// UTF-32's first, as its little-endian mark starts with UTF-16's.
const FOREIGN_BOMS = [
  ["UTF-32", [0xff, 0xfe, 0x00, 0x00]],
  ["UTF-32", [0x00, 0x00, 0xfe, 0xff]],
  ["UTF-16", [0xff, 0xfe]],
  ["UTF-16", [0xfe, 0xff]],
] as const;

// The size of a file that can be imported. A file marked as UTF-16 or UTF-32 is refused
// whole, with what to do: read as UTF-8, every one of its lines would be reported bad.
export function checkInputFile(file: string): number {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new ImportInputError(`${file}: no such file`);
  if (stat.isDirectory()) throw new ImportInputError(`${file}: is a directory, not a JSONL file`);
  const start = Buffer.alloc(4);
  const descriptor = fs.openSync(file, "r");
  try {
    fs.readSync(descriptor, start, 0, 4, 0);
  } finally {
    fs.closeSync(descriptor);
  }
  const foreign = FOREIGN_BOMS.find(([, mark]) => mark.every((byte, i) => start[i] === byte && i < stat.size));
  if (foreign)
    throw new ImportInputError(
      `${file}: is ${foreign[0]} (it starts with a ${foreign[0]} byte-order mark), and the importer reads UTF-8; convert it first, e.g. iconv -f ${foreign[0]} -t UTF-8 ${file} > converted.jsonl`,
    );
  return stat.size;
}

export async function runBatch<T>(
  url: string,
  file: string,
  spec: BatchSpec<T>,
  options: RunOptions = {},
): Promise<BatchSummary> {
  checkInputFile(file);
  const chunkRecords = options.chunkRecords ?? DEFAULT_CHUNK_RECORDS;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const summary: BatchSummary = {
    file,
    batchId: 0,
    records: 0,
    newRecords: 0,
    existingRecords: 0,
    rejected: 0,
    badLines: [],
    notes: [],
    aborted: false,
  };
  const { rows } = await client.query<{ id: number }>(
    `INSERT INTO "ImportBatch" ("kind", "source") VALUES ($1, $2) RETURNING "id"`,
    [spec.kind, path.resolve(file)],
  );
  summary.batchId = (rows[0] as { id: number }).id;
  type ErrorRow = BadLine & { excerpt: string | null };
  // A chunk cut from the file: its records, its bad lines, and how far the file was read.
  type Part = { records: { line: number; record: T }[]; errors: ErrorRow[]; linesRead: number; parseRejected: number };
  let records: Part["records"] = [];
  let recordBytes = 0;
  let errors: ErrorRow[] = [];
  let parseRejected = 0;
  let writeRejected = 0;
  let linesRead = 0;

  const storeErrors = async (rows: ErrorRow[]) => {
    if (rows.length === 0) return;
    await client.query(
      `INSERT INTO "ImportError" ("batchId", "line", "reason", "excerpt") SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`,
      [summary.batchId, rows.map((e) => e.line), rows.map((e) => e.reason), rows.map((e) => e.excerpt)],
    );
  };
  const flush = async (part: Part) => {
    if (!options.strict) await client.query("BEGIN");
    // One writer at a time: writers decide what is missing before they insert it.
    await client.query("SELECT pg_advisory_xact_lock($1)", [IMPORT_LOCK]);
    const written = part.records.length
      ? await spec.write(client, part.records, summary.batchId)
      : { newLines: new Set<number>(), notes: [], rejected: [] };
    const { newLines } = written;
    const [notes, rejected] = [storable(written.notes), storable(written.rejected)];
    if (options.strict && rejected.length) {
      summary.aborted = true;
      summary.badLines.push(...rejected.slice(0, 1));
      part.errors.push({ ...(rejected[0] as BadLine), excerpt: null });
      errors = part.errors;
      return;
    }
    writeRejected += rejected.length;
    summary.badLines.push(...rejected);
    summary.newRecords += newLines.size;
    summary.existingRecords += part.records.length - rejected.length - newLines.size;
    summary.notes.push(...notes);
    await storeErrors([
      ...part.errors,
      ...rejected.map((bad) => ({ ...bad, excerpt: null })),
      ...notes.map((note) => ({ ...note, excerpt: null })),
    ]);
    await client.query(
      `UPDATE "ImportBatch" SET "linesRead" = $2, "recordsNew" = $3, "recordsExisting" = $4, "recordsRejected" = $5 WHERE "id" = $1`,
      [
        summary.batchId,
        part.linesRead,
        summary.newRecords,
        summary.existingRecords,
        part.parseRejected + writeRejected,
      ],
    );
    if (!options.strict) await client.query("COMMIT");
  };
  const cut = (): Part => {
    const part = { records, errors, linesRead, parseRejected };
    records = [];
    recordBytes = 0;
    errors = [];
    return part;
  };

  try {
    // A crash can lose the last commits without this wait, but never half a chunk, and a
    // re-run writes what was lost.
    await client.query("SET synchronous_commit = off");
    await spec.prepare?.(client);
    if (options.strict) await client.query("BEGIN");
    // One chunk is written while the next is parsed: Node and Postgres each keep a core busy.
    let writing: Promise<void> = Promise.resolve();
    reading: for await (const block of readLineBlocks(file, options))
      for (const line of block) {
        linesRead = line.number;
        const parsed = "problem" in line ? { ok: false as const, reason: line.problem } : spec.parse(line.text);
        if (!parsed.ok) {
          // The reason and the excerpt can hold anything the line held: made storable here,
          // so that no line can fail the insert of its own report.
          const reason = printable(parsed.reason, REASON);
          const excerpt = printable("problem" in line ? line.excerpt : line.text, EXCERPT);
          parseRejected++;
          summary.badLines.push({ line: line.number, reason });
          errors.push({ line: line.number, reason, excerpt });
          if (options.strict) {
            summary.aborted = true;
            break reading;
          }
          continue;
        }
        records.push({ line: line.number, record: parsed.record });
        recordBytes += line.size;
        if (records.length >= chunkRecords || recordBytes >= chunkBytes) {
          await writing;
          if (summary.aborted) break reading;
          options.onProgress?.(line.bytes, summary.newRecords + summary.existingRecords);
          writing = flush(cut());
          // Handled when awaited; this only keeps Node from calling the rejection unhandled meanwhile.
          writing.catch(() => {});
        }
      }
    await writing;
    if (!summary.aborted) await flush(cut());
    summary.rejected = parseRejected + writeRejected;
    summary.records = summary.newRecords + summary.existingRecords;
    if (summary.aborted) {
      await client.query("ROLLBACK");
      summary.newRecords = summary.existingRecords = summary.records = 0;
      summary.rejected = 1;
      await storeErrors(errors.slice(-1));
      await client.query(
        `UPDATE "ImportBatch" SET "status" = 'FAILED', "linesRead" = $2, "recordsRejected" = 1, "finishedAt" = now() WHERE "id" = $1`,
        [summary.batchId, linesRead],
      );
      return summary;
    }
    if (options.strict) await client.query("COMMIT");
    summary.badLines.sort((a, b) => a.line - b.line);
    await client.query(`UPDATE "ImportBatch" SET "status" = 'DONE', "finishedAt" = now() WHERE "id" = $1`, [
      summary.batchId,
    ]);
    options.onProgress?.(checkInputFile(file), summary.records);
    return summary;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    await client
      .query(`UPDATE "ImportBatch" SET "status" = 'FAILED', "finishedAt" = now() WHERE "id" = $1`, [summary.batchId])
      .catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
