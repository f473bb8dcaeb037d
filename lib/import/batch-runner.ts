import fs from "node:fs";
import path from "node:path";

import pg from "pg";

import { readLines } from "./read-lines";

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
  prepare: (client: pg.ClientBase) => Promise<void>;
  // Writes a chunk inside the runner's transaction.
  write: (client: pg.ClientBase, records: { line: number; record: T }[], batchId: number) => Promise<Written>;
};
export type RunOptions = { strict?: boolean; chunkRecords?: number; onProgress?: (bytesRead: number) => void };
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

const EXCERPT = 300;

export function checkInputFile(file: string): number {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new ImportInputError(`${file}: no such file`);
  if (stat.isDirectory()) throw new ImportInputError(`${file}: is a directory, not a JSONL file`);
  return stat.size;
}

export async function runBatch<T>(url: string, file: string, spec: BatchSpec<T>, options: RunOptions = {}): Promise<BatchSummary> {
  checkInputFile(file);
  const chunkRecords = options.chunkRecords ?? 20_000;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const summary: BatchSummary = { file, batchId: 0, records: 0, newRecords: 0, existingRecords: 0, rejected: 0, badLines: [], notes: [], aborted: false };
  const { rows } = await client.query<{ id: number }>(`INSERT INTO "ImportBatch" ("kind", "source") VALUES ($1, $2) RETURNING "id"`, [spec.kind, path.resolve(file)]);
  summary.batchId = (rows[0] as { id: number }).id;
  let chunk: { line: number; record: T }[] = [];
  let chunkErrors: (BadLine & { excerpt: string | null })[] = [];
  let linesRead = 0;

  const storeErrors = async (errors: (BadLine & { excerpt: string | null })[]) => {
    if (errors.length === 0) return;
    await client.query(`INSERT INTO "ImportError" ("batchId", "line", "reason", "excerpt") SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[])`, [
      summary.batchId,
      errors.map((e) => e.line),
      errors.map((e) => e.reason),
      errors.map((e) => e.excerpt),
    ]);
  };
  const flush = async () => {
    if (!options.strict) await client.query("BEGIN");
    const { newLines, notes, rejected } = chunk.length ? await spec.write(client, chunk, summary.batchId) : { newLines: new Set<number>(), notes: [], rejected: [] };
    if (options.strict && rejected.length) {
      summary.aborted = true;
      summary.rejected = 1;
      summary.badLines.push(...rejected.slice(0, 1));
      chunkErrors.push({ ...(rejected[0] as BadLine), excerpt: null });
      return;
    }
    summary.records -= rejected.length;
    summary.rejected += rejected.length;
    summary.badLines.push(...rejected);
    summary.newRecords += newLines.size;
    summary.existingRecords += chunk.length - rejected.length - newLines.size;
    summary.notes.push(...notes);
    await storeErrors([...chunkErrors, ...rejected.map((bad) => ({ ...bad, excerpt: null })), ...notes.map((note) => ({ ...note, excerpt: null }))]);
    await client.query(`UPDATE "ImportBatch" SET "linesRead" = $2, "recordsNew" = $3, "recordsExisting" = $4, "recordsRejected" = $5 WHERE "id" = $1`, [
      summary.batchId,
      linesRead,
      summary.newRecords,
      summary.existingRecords,
      summary.rejected,
    ]);
    if (!options.strict) await client.query("COMMIT");
    chunk = [];
    chunkErrors = [];
  };

  try {
    await spec.prepare(client);
    if (options.strict) await client.query("BEGIN");
    for await (const line of readLines(file)) {
      linesRead = line.number;
      const parsed = spec.parse(line.text);
      if (!parsed.ok) {
        summary.rejected++;
        summary.badLines.push({ line: line.number, reason: parsed.reason });
        chunkErrors.push({ line: line.number, reason: parsed.reason, excerpt: line.text.slice(0, EXCERPT) });
        if (options.strict) {
          summary.aborted = true;
          break;
        }
        continue;
      }
      summary.records++;
      chunk.push({ line: line.number, record: parsed.record });
      if (chunk.length >= chunkRecords) {
        await flush();
        if (summary.aborted) break;
        options.onProgress?.(line.bytes);
      }
    }
    if (!summary.aborted) await flush();
    if (summary.aborted) {
      await client.query("ROLLBACK");
      summary.newRecords = summary.existingRecords = 0;
      await storeErrors(chunkErrors.slice(-1));
      await client.query(`UPDATE "ImportBatch" SET "status" = 'FAILED', "linesRead" = $2, "recordsRejected" = 1, "finishedAt" = now() WHERE "id" = $1`, [summary.batchId, linesRead]);
      return summary;
    }
    if (options.strict) await client.query("COMMIT");
    summary.badLines.sort((a, b) => a.line - b.line);
    await client.query(`UPDATE "ImportBatch" SET "status" = 'DONE', "finishedAt" = now() WHERE "id" = $1`, [summary.batchId]);
    options.onProgress?.(checkInputFile(file));
    return summary;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    await client.query(`UPDATE "ImportBatch" SET "status" = 'FAILED', "finishedAt" = now() WHERE "id" = $1`, [summary.batchId]).catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
