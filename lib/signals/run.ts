import PQueue from "p-queue";
import type pg from "pg";

import { imageRoot } from "../env";
import { imageBaseUrl, locateImage, type ImageRef } from "../images/locate";
import type { EditFilter } from "../schemas/edit-filter";
import { editFilterWhere } from "../sql/edit-filter";
import { compareImages, type ImageInput } from "./compare";
import { flagsOf, type Flags } from "./flags";

// Change signals for the edits of a filter that have none yet (or all of them, again):
// both images read (the local file, else fetched over HTTP, a few at once, with backoff on
// 429, 5xx and passing network errors that honours retry-after; a host that keeps failing
// is given up for the run), compared (compare.ts), flagged (flags.ts), and
// written a batch at a time with what was learnt of each image (Image.status: OK, or
// MISSING when it could not be had).

export type SignalOptions = {
  again?: boolean;
  // Measure at most this many edits (the first in id order).
  limit?: number;
  // Edits compared at once; sharp spreads each over its own threads as well.
  concurrency?: number;
  // Remote images fetched at once.
  fetches?: number;
  signal?: AbortSignal;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
};

export type SignalSummary = { total: number; computed: number; unavailable: number; seconds: number };

const BATCH = 500;
const FETCH_ATTEMPTS = 4;
const MAX_WAIT_MS = 30_000;

type Candidate = {
  id: number;
  editType: string | null;
  sourceId: number;
  sourceUri: string;
  sourceLocal: string | null;
  outputId: number;
  outputUri: string;
  outputLocal: string | null;
};

type Loaded = { ok: true; input: ImageInput } | { ok: false; reason: string };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Network errors worth another try; any other (no such host, connection refused) is not.
const TRANSIENT = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_HEADERS_TIMEOUT",
  "UND_ERR_BODY_TIMEOUT",
]);
// After this many fetches in a row from one host fail on the network, the run stops asking
// it: a release's images mostly live on one host, and each would wait out its own failure.
const HOST_DOWN_AFTER = 10;

type Fetching = { queue: PQueue; hosts: Map<string, { failures: number; last: string }>; signal?: AbortSignal };

// An image's bytes or file, or why it cannot be had.
async function load(image: ImageRef, fetching: Fetching): Promise<Loaded> {
  const located = await locateImage(image, imageRoot(), imageBaseUrl());
  if (located.kind === "file") return { ok: true, input: located.file };
  if (located.kind === "missing") return { ok: false, reason: located.reason };
  const host = new URL(located.url).host;
  for (let attempt = 1; ; attempt++) {
    const down = fetching.hosts.get(host);
    if (down && down.failures >= HOST_DOWN_AFTER)
      return {
        ok: false,
        reason: `${located.url}: ${host} unreachable (${down.failures} fetches in a row failed: ${down.last})`,
      };
    const result = await fetching.queue.add(async () => {
      try {
        const response = await fetch(located.url, { signal: fetching.signal });
        if (response.ok) return { bytes: Buffer.from(await response.arrayBuffer()) };
        return { status: response.status, retryAfter: response.headers.get("retry-after") };
      } catch (error) {
        if (fetching.signal?.aborted) throw error;
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        return { error: cause?.message ?? (error as Error).message, code: cause?.code };
      }
    });
    if ("bytes" in result && result.bytes) {
      fetching.hosts.delete(host);
      return { ok: true, input: result.bytes };
    }
    if ("error" in result) {
      const seen = fetching.hosts.get(host);
      fetching.hosts.set(host, { failures: (seen?.failures ?? 0) + 1, last: result.error as string });
    }
    const retryable =
      "error" in result ? TRANSIENT.has(result.code ?? "") : result.status === 429 || (result.status ?? 0) >= 500;
    const why = "error" in result ? `${located.url}: ${result.error}` : `${located.url}: HTTP ${result.status}`;
    if (!retryable || attempt >= FETCH_ATTEMPTS) return { ok: false, reason: why };
    const after = "retryAfter" in result && result.retryAfter ? Number(result.retryAfter) * 1000 : NaN;
    await sleep(Math.min(MAX_WAIT_MS, Number.isFinite(after) ? after : 500 * 2 ** (attempt - 1)));
  }
}

type Row = {
  editId: number;
  available: boolean;
  error: string | null;
  meanAbsDiff: number | null;
  changedFraction: number | null;
  ssim: number | null;
  grid: string | null;
  sourceWidth: number | null;
  sourceHeight: number | null;
  outputWidth: number | null;
  outputHeight: number | null;
  noOp: boolean;
  overEdit: boolean;
  sizeChanged: boolean;
  images: { id: number; ok: boolean }[];
};

async function signalOf(candidate: Candidate, fetching: Fetching): Promise<Row> {
  const [source, output] = await Promise.all([
    load({ uri: candidate.sourceUri, localPath: candidate.sourceLocal }, fetching),
    load({ uri: candidate.outputUri, localPath: candidate.outputLocal }, fetching),
  ]);
  const images = [
    { id: candidate.sourceId, ok: source.ok },
    { id: candidate.outputId, ok: output.ok },
  ];
  const unavailable = (error: string): Row => ({
    editId: candidate.id,
    available: false,
    error,
    meanAbsDiff: null,
    changedFraction: null,
    ssim: null,
    grid: null,
    sourceWidth: null,
    sourceHeight: null,
    outputWidth: null,
    outputHeight: null,
    noOp: false,
    overEdit: false,
    sizeChanged: false,
    images,
  });
  if (!source.ok) return unavailable(`source image: ${source.reason}`);
  if (!output.ok) return unavailable(`output image: ${output.reason}`);
  let signals;
  try {
    signals = await compareImages(source.input, output.input);
  } catch (error) {
    return unavailable(`the images could not be read: ${(error as Error).message}`);
  }
  return {
    editId: candidate.id,
    available: true,
    error: null,
    meanAbsDiff: signals.meanAbsDiff,
    changedFraction: signals.changedFraction,
    ssim: signals.ssim,
    grid: `{${signals.grid.join(",")}}`,
    sourceWidth: signals.source.width,
    sourceHeight: signals.source.height,
    outputWidth: signals.output.width,
    outputHeight: signals.output.height,
    ...flagsOf(signals, candidate.editType),
    images,
  };
}

async function write(pool: pg.Pool, rows: Row[]): Promise<void> {
  const column = <K extends keyof Row>(key: K) => rows.map((row) => row[key]);
  const images = rows.flatMap((row) => row.images);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query(
      `INSERT INTO "EditSignal" ("editId", "available", "error", "meanAbsDiff", "changedFraction", "ssim", "grid",
         "sourceWidth", "sourceHeight", "outputWidth", "outputHeight", "noOp", "overEdit", "sizeChanged")
       SELECT e, a, err, m, c, s, g::float8[], sw, sh, ow, oh, n, o, z
       FROM unnest($1::int[], $2::bool[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::text[],
                   $8::int[], $9::int[], $10::int[], $11::int[], $12::bool[], $13::bool[], $14::bool[])
         AS t(e, a, err, m, c, s, g, sw, sh, ow, oh, n, o, z)
       ON CONFLICT ("editId") DO UPDATE SET "available" = EXCLUDED."available", "error" = EXCLUDED."error",
         "meanAbsDiff" = EXCLUDED."meanAbsDiff", "changedFraction" = EXCLUDED."changedFraction", "ssim" = EXCLUDED."ssim",
         "grid" = EXCLUDED."grid", "sourceWidth" = EXCLUDED."sourceWidth", "sourceHeight" = EXCLUDED."sourceHeight",
         "outputWidth" = EXCLUDED."outputWidth", "outputHeight" = EXCLUDED."outputHeight", "noOp" = EXCLUDED."noOp",
         "overEdit" = EXCLUDED."overEdit", "sizeChanged" = EXCLUDED."sizeChanged", "computedAt" = now()`,
      [
        column("editId"),
        column("available"),
        column("error"),
        column("meanAbsDiff"),
        column("changedFraction"),
        column("ssim"),
        column("grid"),
        column("sourceWidth"),
        column("sourceHeight"),
        column("outputWidth"),
        column("outputHeight"),
        column("noOp"),
        column("overEdit"),
        column("sizeChanged"),
      ],
    );
    // What was learnt of each image; one that was had once is OK whatever a later edit
    // found (the same image read twice in a batch).
    await client.query(
      `UPDATE "Image" i SET "status" = CASE WHEN t.ok THEN 'OK' ELSE 'MISSING' END::"ImageStatus", "checkedAt" = now()
       FROM (SELECT id, bool_or(ok) AS ok FROM unnest($1::int[], $2::bool[]) AS u(id, ok) GROUP BY id) t
       WHERE i."id" = t.id`,
      [images.map((image) => image.id), images.map((image) => image.ok)],
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

export async function computeSignals(
  pool: pg.Pool,
  filter: EditFilter,
  options: SignalOptions = {},
): Promise<SignalSummary> {
  const started = performance.now();
  const where = editFilterWhere(filter);
  const n = where.values.length;
  const missing = options.again ? "TRUE" : `NOT EXISTS (SELECT 1 FROM "EditSignal" s WHERE s."editId" = e."id")`;
  const { rows: counted } = await pool.query<{ total: number }>(
    `SELECT count(*)::int AS total FROM "Edit" e WHERE ${where.text} AND ${missing}`,
    where.values,
  );
  const total = Math.min(counted[0]?.total ?? 0, options.limit ?? Infinity);
  options.onStart?.(total);
  const fetching: Fetching = {
    queue: new PQueue({ concurrency: options.fetches ?? 8 }),
    hosts: new Map(),
    signal: options.signal,
  };
  const concurrency = options.concurrency ?? 8;
  let after = 0;
  let done = 0;
  let unavailable = 0;
  while (!options.signal?.aborted && done < total) {
    const { rows: batch } = await pool.query<Candidate>(
      `SELECT e."id", et."name" AS "editType", si."id" AS "sourceId", si."uri" AS "sourceUri", si."localPath" AS "sourceLocal",
              oi."id" AS "outputId", oi."uri" AS "outputUri", oi."localPath" AS "outputLocal"
       FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"
         JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"
         LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
       WHERE ${where.text} AND ${missing} AND e."id" > $${n + 1}
       ORDER BY e."id" LIMIT $${n + 2}`,
      [...where.values, after, Math.min(BATCH, total - done)],
    );
    if (batch.length === 0) break;
    after = batch.at(-1)?.id ?? after;
    const rows: Row[] = [];
    let next = 0;
    // `concurrency` workers take the batch's edits in turn.
    await Promise.all(
      Array.from({ length: Math.min(concurrency, batch.length) }, async () => {
        while (next < batch.length && !options.signal?.aborted) {
          const candidate = batch[next++] as Candidate;
          rows.push(await signalOf(candidate, fetching));
        }
      }),
    );
    if (rows.length > 0) await write(pool, rows);
    done += rows.length;
    unavailable += rows.filter((row) => !row.available).length;
    options.onProgress?.(done);
  }
  return { total, computed: done, unavailable, seconds: (performance.now() - started) / 1000 };
}

// The flags of the measured edits of a filter derived again from their stored measures, with
// the thresholds flags.ts has now, without reading an image: what applies new thresholds to
// edits measured under old ones. Returns how many were read and how many changed.
export async function reflagSignals(pool: pg.Pool, filter: EditFilter): Promise<{ edits: number; changed: number }> {
  const where = editFilterWhere(filter);
  const n = where.values.length;
  type Measured = {
    id: number;
    editType: string | null;
    changedFraction: number;
    meanAbsDiff: number;
    sourceWidth: number;
    sourceHeight: number;
    outputWidth: number;
    outputHeight: number;
  } & Flags;
  let after = 0;
  let edits = 0;
  let changed = 0;
  for (;;) {
    const { rows } = await pool.query<Measured>(
      `SELECT e."id", et."name" AS "editType", s."changedFraction", s."meanAbsDiff", s."sourceWidth", s."sourceHeight",
              s."outputWidth", s."outputHeight", s."noOp", s."overEdit", s."sizeChanged"
       FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" JOIN "EditSignal" s ON s."editId" = e."id"
         LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
       WHERE ${where.text} AND s."available" AND e."id" > $${n + 1} ORDER BY e."id" LIMIT ${BATCH}`,
      [...where.values, after],
    );
    if (rows.length === 0) break;
    after = rows.at(-1)?.id ?? after;
    edits += rows.length;
    const updates = rows.flatMap((row) => {
      const flags = flagsOf(
        {
          changedFraction: row.changedFraction,
          meanAbsDiff: row.meanAbsDiff,
          source: { width: row.sourceWidth, height: row.sourceHeight },
          output: { width: row.outputWidth, height: row.outputHeight },
        },
        row.editType,
      );
      const same = flags.noOp === row.noOp && flags.overEdit === row.overEdit && flags.sizeChanged === row.sizeChanged;
      return same ? [] : [{ id: row.id, ...flags }];
    });
    if (updates.length === 0) continue;
    await pool.query(
      `UPDATE "EditSignal" s SET "noOp" = t.n, "overEdit" = t.o, "sizeChanged" = t.z
       FROM unnest($1::int[], $2::bool[], $3::bool[], $4::bool[]) AS t(e, n, o, z) WHERE s."editId" = t.e`,
      [
        updates.map((update) => update.id),
        updates.map((update) => update.noOp),
        updates.map((update) => update.overEdit),
        updates.map((update) => update.sizeChanged),
      ],
    );
    changed += updates.length;
  }
  return { edits, changed };
}
