import pg from "pg";

import type { EditFilter } from "../schemas/edit-filter";
import { FORMATS, type ExportFormatName, type ExportOptions } from "./formats";
import { buildManifest, countExport, currentMigration, datasetCard, type Manifest } from "./manifest";
import { exportCountQuery } from "./sql";
import type { StoreWriter } from "./storage";
import { inlineParameters, streamExport } from "./stream";

// An export as a row of ExportJob and a run: queued, running (with its progress and a
// heartbeat), then done with its manifest, failed with the reason, or cancelled. The run
// writes the data file under a temporary name and renames it only once it is complete.

export type ExportRequest = {
  format: ExportFormatName;
  filter: EditFilter;
  query: string;
  options: ExportOptions;
  via: "DOWNLOAD" | "JOB" | "CLI";
  userId: number | null;
};

// Where a run's files go: the job's folder of the export store, or the CLI's paths.
export type ExportTarget = {
  create(name: string): Promise<StoreWriter>;
  put(name: string, data: string): Promise<void>;
  path: string;
  // The data file's name, when not the format's own (the CLI's --out).
  fileName?: string;
};

export class ExportStopped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "ExportStopped";
  }
}

// JIT compiled the table's statement for 2.1 s of its 2.9 s over the full release, and at
// the default 4 MB of work_mem its hash joins and sort spilled to disk.
export const EXPORT_SESSION = `SET jit = off; SET work_mem = '128MB'; SET statement_timeout = 0`;
const PROGRESS_EVERY_MS = 1_000;

export async function createExport(db: pg.Pool | pg.ClientBase, request: ExportRequest): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO "ExportJob" ("format", "filter", "query", "options", "via", "status", "createdById")
     VALUES ($1::"ExportFormat", $2, $3, $4, $5::"ExportVia", 'QUEUED', $6) RETURNING "id"`,
    [
      FORMATS[request.format].enum,
      JSON.stringify(request.filter),
      request.query,
      JSON.stringify(request.options),
      request.via,
      request.userId,
    ],
  );
  return (rows[0] as { id: number }).id;
}

type JobRow = {
  id: number;
  format: ExportFormatName;
  filter: EditFilter;
  query: string;
  options: ExportOptions;
  createdById: number | null;
};

const FORMAT_OF_ENUM_SQL = `CASE "format" WHEN 'SFT_JSONL' THEN 'sft' WHEN 'PREFERENCE_JSONL' THEN 'preference'
  WHEN 'MULTI_TURN_JSONL' THEN 'multi-turn' WHEN 'TABLE_JSONL' THEN 'jsonl' WHEN 'CSV' THEN 'csv' ELSE 'parquet' END`;

// Takes a job to run: a queued one, or a running one whose run stopped without a word (a
// killed worker), which starts again from the beginning. Null when it is not to run.
async function claim(pool: pg.Pool, id: number, path: string): Promise<JobRow | null> {
  const { rows } = await pool.query<JobRow>(
    `UPDATE "ExportJob" SET "status" = 'RUNNING', "startedAt" = now(), "heartbeatAt" = now(), "error" = NULL,
            "rowsWritten" = 0, "bytesWritten" = 0, "path" = $2
     WHERE "id" = $1 AND "deletedAt" IS NULL AND "status" IN ('QUEUED', 'RUNNING')
     RETURNING "id", ${FORMAT_OF_ENUM_SQL} AS "format", "filter", "query", "options", "createdById"`,
    [id, path],
  );
  return rows[0] ?? null;
}

// Reports progress; says why the run must stop when someone cancelled or deleted the job.
async function heartbeat(pool: pg.Pool, id: number, rows: number, bytes: number): Promise<string | null> {
  const { rows: found } = await pool.query<{ status: string; deleted: boolean; error: string | null }>(
    `UPDATE "ExportJob" SET "rowsWritten" = $2, "bytesWritten" = $3, "heartbeatAt" = now()
     WHERE "id" = $1 RETURNING "status", "deletedAt" IS NOT NULL AS deleted, "error"`,
    [id, rows, bytes],
  );
  const job = found[0];
  if (!job || job.deleted) return "the export was deleted";
  if (job.status === "CANCELLED") return job.error ?? "the export was cancelled";
  return null;
}

export type RunOptions = {
  signal?: AbortSignal;
  // Every chunk also goes here (a download's response) before the next is read.
  tee?: (chunk: Buffer) => Promise<void>;
  onProgress?: (progress: { rows: number; total: number | null; bytes: number }) => void;
  // Called once the job is claimed, with the rows it will write (its Content-Length is unknown).
  onStart?: (job: { total: number | null }) => void;
};

export type RunResult = { status: "DONE"; manifest: Manifest } | { status: "FAILED" | "CANCELLED"; error: string };

export async function runExport(
  pool: pg.Pool,
  databaseUrl: string,
  id: number,
  target: ExportTarget,
  options: RunOptions = {},
): Promise<RunResult | null> {
  const job = await claim(pool, id, target.path);
  if (!job) return null;
  const client = new pg.Client({ connectionString: databaseUrl, application_name: `pico-export-${id}` });
  // Its failures reach the run through its queries; a connection ended under an idle client
  // (the run is over) is no news.
  client.on("error", () => {});
  let writer: StoreWriter | null = null;
  try {
    await client.connect();
    await client.query(EXPORT_SESSION);
    const { rows: counted } = await client.query<{ count: number }>(
      inlineParameters(client, exportCountQuery(job.format, job.filter, job.options)),
    );
    const total = counted[0]?.count ?? null;
    await pool.query(`UPDATE "ExportJob" SET "rowsTotal" = $2 WHERE "id" = $1`, [id, total]);
    options.onStart?.({ total });
    const file = target.fileName ?? FORMATS[job.format].file;
    writer = await target.create(file);
    const stream = streamExport(client, job.format, job.filter, job.options);
    let reported = performance.now();
    for await (const chunk of stream.chunks) {
      if (options.signal?.aborted) throw new ExportStopped("the download was interrupted");
      await writer.write(chunk);
      await options.tee?.(chunk);
      if (performance.now() - reported > PROGRESS_EVERY_MS) {
        reported = performance.now();
        const stop = await heartbeat(pool, id, stream.rows(), stream.bytes());
        if (stop) throw new ExportStopped(stop);
        options.onProgress?.({ rows: stream.rows(), total, bytes: stream.bytes() });
      }
    }
    const stop = await heartbeat(pool, id, stream.rows(), stream.bytes());
    if (stop) throw new ExportStopped(stop);
    await writer.commit();
    writer = null;
    options.onProgress?.({ rows: stream.rows(), total, bytes: stream.bytes() });
    const [counts, migration, user] = await Promise.all([
      countExport(pool, job.filter),
      currentMigration(pool),
      job.createdById === null
        ? null
        : pool
            .query<{ id: number; name: string; email: string }>(
              `SELECT "id", "name", "email" FROM "User" WHERE "id" = $1`,
              [job.createdById],
            )
            .then((result) => result.rows[0] ?? null),
    ]);
    const manifest = buildManifest({
      export: id,
      format: job.format,
      filter: job.filter,
      query: job.query,
      url: `/?${job.query}`,
      options: job.options,
      files: [{ name: file, rows: stream.rows(), bytes: stream.bytes(), sha256: stream.sha256() }],
      counts,
      exportedBy: user,
      exportedAt: new Date().toISOString(),
      migration,
    });
    await target.put("manifest.json", `${JSON.stringify(manifest, null, 2)}\n`);
    await target.put("README.md", datasetCard(manifest));
    await pool.query(
      `UPDATE "ExportJob" SET "status" = 'DONE', "rowCount" = $2, "sha256" = $3, "manifest" = $4, "finishedAt" = now()
       WHERE "id" = $1 AND "status" = 'RUNNING'`,
      [id, stream.rows(), stream.sha256(), JSON.stringify(manifest)],
    );
    return { status: "DONE", manifest };
  } catch (error) {
    await writer?.discard();
    // Stop the statement at once rather than when the server next writes to a closed socket.
    const pid = (client as pg.Client & { processID?: number }).processID;
    if (pid) await pool.query(`SELECT pg_cancel_backend($1)`, [pid]).catch(() => undefined);
    const cancelled = error instanceof ExportStopped;
    const reason = cancelled ? error.reason : (error as Error).message;
    await pool.query(
      `UPDATE "ExportJob" SET "status" = $2::"ExportStatus", "error" = COALESCE("error", $3), "finishedAt" = now()
       WHERE "id" = $1 AND "status" IN ('RUNNING', 'CANCELLED')`,
      [id, cancelled ? "CANCELLED" : "FAILED", reason],
    );
    return { status: cancelled ? "CANCELLED" : "FAILED", error: reason };
  } finally {
    await client.end().catch(() => undefined);
  }
}

export type Actor = { id: number; role: "VIEWER" | "ANNOTATOR" | "ADMIN" };
export type ManageResult = "ok" | "not-found" | "forbidden" | "conflict";

// Who may stop or delete a job: the person who asked for it, or an admin. The job is
// locked while its status changes, so a run that finishes at that moment is not undone.
async function manage(
  pool: pg.Pool,
  id: number,
  actor: Actor,
  change: (client: pg.PoolClient, status: string) => Promise<ManageResult>,
): Promise<ManageResult> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const { rows } = await client.query<{ status: string; createdById: number | null }>(
      `SELECT "status", "createdById" FROM "ExportJob" WHERE "id" = $1 AND "deletedAt" IS NULL FOR UPDATE`,
      [id],
    );
    const job = rows[0];
    const result = !job
      ? "not-found"
      : job.createdById !== actor.id && actor.role !== "ADMIN"
        ? "forbidden"
        : await change(client, job.status);
    await client.query(result === "ok" ? "COMMIT" : "ROLLBACK");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

const whoStopped = async (client: pg.PoolClient, actor: Actor) =>
  (await client.query<{ name: string }>(`SELECT "name" FROM "User" WHERE "id" = $1`, [actor.id])).rows[0]?.name ??
  `user ${actor.id}`;

// A queued or running job stops; its run sees it at its next heartbeat and removes its
// partial file.
export const cancelExport = (pool: pg.Pool, id: number, actor: Actor) =>
  manage(pool, id, actor, async (client, status) => {
    if (status !== "QUEUED" && status !== "RUNNING") return "conflict";
    await client.query(
      `UPDATE "ExportJob" SET "status" = 'CANCELLED', "cancelledById" = $2, "error" = $3, "finishedAt" = now() WHERE "id" = $1`,
      [id, actor.id, `cancelled by ${await whoStopped(client, actor)}`],
    );
    return "ok";
  });

// The row stays (who exported what) without its files; a running job is cancelled too.
export const deleteExport = (pool: pg.Pool, id: number, actor: Actor, removeFiles: () => Promise<void>) =>
  manage(pool, id, actor, async (client, status) => {
    await client.query(
      `UPDATE "ExportJob" SET "deletedAt" = now(), "deletedById" = $2,
              "status" = CASE WHEN "status" IN ('QUEUED', 'RUNNING') THEN 'CANCELLED' ELSE "status" END,
              "error" = CASE WHEN "status" IN ('QUEUED', 'RUNNING') THEN 'deleted while running' ELSE "error" END
       WHERE "id" = $1`,
      [id, actor.id],
    );
    if (status !== "RUNNING") await removeFiles();
    return "ok";
  });

// A failed, cancelled or stalled job queued again, to run from the beginning.
export const STALLED_AFTER_SECONDS = 30;
export const requeueExport = (pool: pg.Pool, id: number, actor: Actor) =>
  manage(pool, id, actor, async (client) => {
    const { rowCount } = await client.query(
      `UPDATE "ExportJob" SET "status" = 'QUEUED', "error" = NULL, "finishedAt" = NULL, "cancelledById" = NULL
       WHERE "id" = $1 AND ("status" IN ('FAILED', 'CANCELLED')
         OR ("status" = 'RUNNING' AND "heartbeatAt" < now() - make_interval(secs => $2)))`,
      [id, STALLED_AFTER_SECONDS],
    );
    return rowCount ? "ok" : "conflict";
  });
