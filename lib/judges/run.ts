import { setMaxListeners } from "node:events";

import OpenAI, { APIConnectionError, APIError } from "openai";
import PQueue from "p-queue";
import type pg from "pg";

import { makeCurrent } from "../curation/judgements";
import { curationTransaction } from "../curation/transaction";
import type { EditFilter } from "../schemas/edit-filter";
import { CRITERIA, scoreEdit, type CriterionScores } from "../scoring/scoring";
import { editFilterWhere } from "../sql/edit-filter";
import { imageForJudge } from "./images";
import { parseAnswer, RUBRIC_VERSION, SYSTEM_PROMPT, userText } from "./rubric";

// A judge run: every edit of a filter that this judge has not judged under this rubric is
// sent to the endpoint (source image, output image, long instruction), its answer read into
// the four criteria, and the judgement written with the overall and verdict of
// lib/scoring. Written in small transactions, each with the run's counters and the pairs
// of the tasks it touched (lib/curation/judgements.ts), so that a run killed at any point
// resumes where it stopped: the edits it judged are judged, the ones in flight are not, and
// the next run (or the same one, resumed) asks only for what is missing.

export type JudgeRunOptions = {
  concurrency: number;
  requestsPerMinute: number;
  // Answers asked for per edit when the model's answer cannot be read.
  maxAttempts: number;
  // HTTP retries per request on 429, 5xx and timeouts, with backoff (the openai client's,
  // which honours retry-after).
  maxRetries: number;
  imageSide: number;
  priceInputPer1k: number;
  priceOutputPer1k: number;
  timeoutSeconds: number;
  // Stop after this many edits (judged or failed) in this run.
  limit?: number;
};

export type NewJudgeRun = {
  judge: string;
  model: string;
  baseUrl: string;
  filter: EditFilter;
  query: string;
  options: JudgeRunOptions;
  userId: number | null;
};

export type JudgeProgress = { total: number; skipped: number; judged: number; failed: number };
export type JudgeRunResult = JudgeProgress & {
  status: "DONE" | "FAILED" | "CANCELLED" | "QUEUED";
  error: string | null;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
};

// A running run's heartbeat moves every second; one silent this long was killed.
export const STALLED_AFTER_SECONDS = 30;
const FLUSH_EVERY_MS = 500;
const FLUSH_AT = 25;
const CANDIDATES = 200;
// This many edits in a row failing on the endpoint itself (not on their answers) means the
// endpoint is down or refusing: the run stops rather than record a failure per edit.
const ENDPOINT_FAILURES_IN_A_ROW = 10;

export async function createJudgeRun(db: pg.Pool | pg.ClientBase, run: NewJudgeRun): Promise<number> {
  const { rows } = await db.query<{ id: number }>(
    `INSERT INTO "JudgeRun" ("judge", "model", "baseUrl", "rubricVersion", "filter", "query", "options", "createdById")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING "id"`,
    [run.judge, run.model, run.baseUrl, RUBRIC_VERSION, run.filter, run.query, run.options, run.userId],
  );
  return rows[0]?.id as number;
}

type Candidate = {
  id: number;
  instruction: string;
  sourceUri: string;
  sourceLocal: string | null;
  outputUri: string;
  outputLocal: string | null;
};

type Outcome =
  | {
      kind: "judged";
      editId: number;
      scores: CriterionScores;
      overall: number;
      passed: boolean;
      rationale: string;
      promptTokens: number;
      completionTokens: number;
    }
  | {
      kind: "failed";
      editId: number;
      attempts: number;
      error: string;
      response: string | null;
      promptTokens: number;
      completionTokens: number;
      endpoint: boolean;
    };

type Judged = Extract<Outcome, { kind: "judged" }>;
type Failed = Extract<Outcome, { kind: "failed" }>;

type RunRow = {
  id: number;
  judge: string;
  model: string;
  baseUrl: string;
  rubricVersion: string;
  filter: EditFilter;
  options: JudgeRunOptions;
  total: number | null;
  skipped: number;
  judged: number;
  failed: number;
};

// Edits of the filter not judged by this judge under this rubric, nor failed in this run.
function candidatesQuery(run: RunRow, after: number): { text: string; values: unknown[] } {
  const where = editFilterWhere(run.filter);
  const n = where.values.length;
  return {
    text: `SELECT e."id", t."longInstruction" AS instruction, si."uri" AS "sourceUri", si."localPath" AS "sourceLocal",
              oi."uri" AS "outputUri", oi."localPath" AS "outputLocal"
       FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"
         JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"
       WHERE ${where.text} AND e."id" > $${n + 1}
         AND NOT EXISTS (SELECT 1 FROM "Judgement" j WHERE j."editId" = e."id" AND j."judge" = $${n + 2} AND j."rubricVersion" = $${n + 3})
         AND NOT EXISTS (SELECT 1 FROM "JudgeFailure" f WHERE f."runId" = $${n + 4} AND f."editId" = e."id")
       ORDER BY e."id" LIMIT ${CANDIDATES}`,
    values: [...where.values, after, run.judge, run.rubricVersion, run.id],
  };
}

async function countEdits(pool: pg.Pool, run: RunRow): Promise<{ total: number; skipped: number }> {
  const where = editFilterWhere(run.filter);
  const n = where.values.length;
  const { rows } = await pool.query<{ total: number; skipped: number }>(
    `SELECT count(*)::int AS total,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "Judgement" j WHERE j."editId" = e."id"
                                           AND j."judge" = $${n + 1} AND j."rubricVersion" = $${n + 2}))::int AS skipped
     FROM "Edit" e WHERE ${where.text}`,
    [...where.values, run.judge, run.rubricVersion],
  );
  return rows[0] as { total: number; skipped: number };
}

// Claims a queued run, or a running one whose process died; null when another process has
// it or it has finished.
async function claim(pool: pg.Pool, id: number): Promise<RunRow | null> {
  const { rows } = await pool.query<RunRow>(
    `UPDATE "JudgeRun" SET "status" = 'RUNNING', "startedAt" = COALESCE("startedAt", now()), "heartbeatAt" = now(),
       "error" = NULL, "finishedAt" = NULL
     WHERE "id" = $1 AND ("status" = 'QUEUED'
       OR ("status" = 'RUNNING' AND "heartbeatAt" < now() - make_interval(secs => $2)))
     RETURNING "id", "judge", "model", "baseUrl", "rubricVersion", "filter", "options", "total", "skipped", "judged", "failed"`,
    [id, STALLED_AFTER_SECONDS],
  );
  return rows[0] ?? null;
}

function failureReason(error: unknown): { message: string; endpoint: boolean } {
  if (error instanceof APIError && error.status !== undefined)
    return {
      message: `the endpoint answered HTTP ${error.status}: ${error.message}`,
      endpoint: error.status === 401 || error.status === 403 || error.status === 404 || error.status >= 429,
    };
  if (error instanceof APIConnectionError)
    return { message: `could not reach the endpoint: ${error.message}`, endpoint: true };
  return { message: (error as Error).message, endpoint: false };
}

export type RunJudgeOptions = {
  apiKey?: string;
  // Stops the run: it writes what it has and ends as `stopAs` says, cancelled (with
  // `stopReason`) by default, or queued again, for a worker that shuts down and leaves the
  // run to the next one.
  signal?: AbortSignal;
  stopAs?: "CANCELLED" | "QUEUED";
  stopReason?: string;
  onStart?: (progress: JudgeProgress) => void;
  onProgress?: (progress: JudgeProgress) => void;
};

export async function runJudge(
  pool: pg.Pool,
  id: number,
  options: RunJudgeOptions = {},
): Promise<JudgeRunResult | null> {
  const run = await claim(pool, id);
  if (!run) return null;
  const settings = run.options;
  if (run.total === null) {
    const counted = await countEdits(pool, run);
    await pool.query(`UPDATE "JudgeRun" SET "total" = $2, "skipped" = $3 WHERE "id" = $1`, [
      id,
      counted.total,
      counted.skipped,
    ]);
    Object.assign(run, counted);
  }
  const progress: JudgeProgress = {
    total: run.total as number,
    skipped: run.skipped,
    judged: run.judged,
    failed: run.failed,
  };
  options.onStart?.({ ...progress });

  let requests = 0;
  const abort = new AbortController();
  // Every edit in hand listens to it while it waits its turn in the queue, and every request
  // in flight (see ask).
  setMaxListeners(4 * settings.concurrency + 16, abort.signal);
  options.signal?.addEventListener("abort", () => abort.abort(), { once: true });
  const client = new OpenAI({
    baseURL: run.baseUrl,
    apiKey: options.apiKey || "none",
    maxRetries: settings.maxRetries,
    timeout: settings.timeoutSeconds * 1000,
    fetch: (input, init) => {
      requests += 1;
      return fetch(input, init);
    },
  });
  const queue = new PQueue({
    concurrency: settings.concurrency,
    intervalCap: 1,
    interval: Math.max(1, Math.round(60_000 / settings.requestsPerMinute)),
  });

  // Each request has a signal of its own, which the run's aborts: the openai client adds a
  // listener to the signal it is given and never takes it away (one more per edit on the
  // run's signal, 400 after 400 edits).
  async function ask(candidate: Candidate, source: string, output: string) {
    const request = new AbortController();
    const stop = () => request.abort();
    abort.signal.addEventListener("abort", stop, { once: true });
    try {
      return await askWith(request.signal, candidate, source, output);
    } finally {
      abort.signal.removeEventListener("abort", stop);
    }
  }

  async function askWith(signal: AbortSignal, candidate: Candidate, source: string, output: string) {
    const completion = await client.chat.completions.create(
      {
        model: run!.model,
        temperature: 0,
        response_format: { type: "json_object" },
        messages: [
          { role: "system", content: SYSTEM_PROMPT },
          {
            role: "user",
            content: [
              { type: "text", text: userText(candidate.instruction) },
              { type: "image_url", image_url: { url: source } },
              { type: "image_url", image_url: { url: output } },
            ],
          },
        ],
      },
      { signal },
    );
    return {
      text: completion.choices[0]?.message.content ?? "",
      promptTokens: completion.usage?.prompt_tokens ?? 0,
      completionTokens: completion.usage?.completion_tokens ?? 0,
    };
  }

  async function judgeOne(candidate: Candidate): Promise<Outcome> {
    const [source, output] = await Promise.all([
      imageForJudge({ uri: candidate.sourceUri, localPath: candidate.sourceLocal }, settings.imageSide),
      imageForJudge({ uri: candidate.outputUri, localPath: candidate.outputLocal }, settings.imageSide),
    ]);
    const tokens = { promptTokens: 0, completionTokens: 0 };
    const failed = (attempts: number, error: string, response: string | null, endpoint = false): Outcome => ({
      kind: "failed",
      editId: candidate.id,
      attempts,
      error,
      response,
      endpoint,
      ...tokens,
    });
    if (!source.ok) return failed(0, `source image unavailable: ${source.reason}`, null);
    if (!output.ok) return failed(0, `output image unavailable: ${output.reason}`, null);
    let last = { text: "", reason: "" };
    for (let attempt = 1; attempt <= settings.maxAttempts; attempt++) {
      let answer;
      try {
        answer = await queue.add(() => ask(candidate, source.url, output.url), { signal: abort.signal });
      } catch (error) {
        if (abort.signal.aborted) throw error;
        const reason = failureReason(error);
        return failed(attempt, reason.message, null, reason.endpoint);
      }
      tokens.promptTokens += answer.promptTokens;
      tokens.completionTokens += answer.completionTokens;
      const parsed = parseAnswer(answer.text);
      if (parsed.ok) {
        const { overall, passed } = scoreEdit(parsed.answer.scores);
        return {
          kind: "judged",
          editId: candidate.id,
          scores: parsed.answer.scores,
          overall,
          passed,
          rationale: parsed.answer.rationale,
          ...tokens,
        };
      }
      last = { text: answer.text, reason: parsed.reason };
    }
    return failed(
      settings.maxAttempts,
      `no readable answer after ${settings.maxAttempts} attempts: ${last.reason}`,
      last.text,
    );
  }

  // Outcomes not yet written, and the write in progress: one at a time, in arrival order.
  let pending: Outcome[] = [];
  let writing: Promise<void> = Promise.resolve();
  let cancelled = false;
  let endpointFailuresInARow = 0;
  let stopError: string | null = null;
  let requestsWritten = 0;

  const write = async (batch: Outcome[]) => {
    const judged = batch.filter((outcome): outcome is Judged => outcome.kind === "judged");
    const failures = batch.filter((outcome): outcome is Failed => outcome.kind === "failed");
    const promptTokens = batch.reduce((sum, outcome) => sum + outcome.promptTokens, 0);
    const completionTokens = batch.reduce((sum, outcome) => sum + outcome.completionTokens, 0);
    const cost =
      (promptTokens / 1000) * settings.priceInputPer1k + (completionTokens / 1000) * settings.priceOutputPer1k;
    const requestsNow = requests - requestsWritten;
    const status = await curationTransaction(pool, async (db) => {
      if (judged.length > 0) {
        await db.query(
          `INSERT INTO "Judgement" ("editId", "judge", "compliance", "realism", "preservation", "technical", "overall",
             "passed", "rationale", "runId", "model", "rubricVersion", "promptTokens", "completionTokens")
           SELECT * FROM unnest($1::int[], $2::text[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
             $8::bool[], $9::text[], $10::int[], $11::text[], $12::text[], $13::int[], $14::int[])
           ON CONFLICT ("editId", "judge") DO UPDATE SET
             "compliance" = EXCLUDED."compliance", "realism" = EXCLUDED."realism", "preservation" = EXCLUDED."preservation",
             "technical" = EXCLUDED."technical", "overall" = EXCLUDED."overall", "passed" = EXCLUDED."passed",
             "rationale" = EXCLUDED."rationale", "runId" = EXCLUDED."runId", "model" = EXCLUDED."model",
             "rubricVersion" = EXCLUDED."rubricVersion", "promptTokens" = EXCLUDED."promptTokens",
             "completionTokens" = EXCLUDED."completionTokens", "createdAt" = now()`,
          [
            judged.map((outcome) => outcome.editId),
            judged.map(() => run.judge),
            ...CRITERIA.map((criterion) => judged.map((outcome) => outcome.scores[criterion])),
            judged.map((outcome) => outcome.overall),
            judged.map((outcome) => outcome.passed),
            judged.map((outcome) => outcome.rationale),
            judged.map(() => run.id),
            judged.map(() => run.model),
            judged.map(() => run.rubricVersion),
            judged.map((outcome) => outcome.promptTokens),
            judged.map((outcome) => outcome.completionTokens),
          ],
        );
        await makeCurrent(
          db,
          judged.map((outcome) => outcome.editId),
          { judgeRunId: run.id },
        );
      }
      if (failures.length > 0)
        await db.query(
          `INSERT INTO "JudgeFailure" ("runId", "editId", "attempts", "error", "response")
           SELECT $1, * FROM unnest($2::int[], $3::int[], $4::text[], $5::text[])
           ON CONFLICT ("runId", "editId") DO NOTHING`,
          [
            run.id,
            failures.map((outcome) => outcome.editId),
            failures.map((outcome) => outcome.attempts),
            failures.map((outcome) => outcome.error),
            failures.map((outcome) => outcome.response),
          ],
        );
      const { rows } = await db.query<{ status: string }>(
        `UPDATE "JudgeRun" SET "judged" = "judged" + $2, "failed" = "failed" + $3, "requests" = "requests" + $4,
           "promptTokens" = "promptTokens" + $5, "completionTokens" = "completionTokens" + $6,
           "costUsd" = "costUsd" + $7, "heartbeatAt" = now()
         WHERE "id" = $1 RETURNING "status"`,
        [run.id, judged.length, failures.length, requestsNow, promptTokens, completionTokens, cost],
      );
      return rows[0]?.status;
    });
    requestsWritten += requestsNow;
    progress.judged += judged.length;
    progress.failed += failures.length;
    options.onProgress?.({ ...progress });
    if (status === "CANCELLED") {
      cancelled = true;
      abort.abort();
    }
  };
  const flush = () => {
    const batch = pending;
    pending = [];
    writing = writing.then(() => write(batch));
    return writing;
  };
  const ticker = setInterval(() => void flush().catch(() => undefined), FLUSH_EVERY_MS);

  try {
    let after = 0;
    let started = 0;
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      if (cancelled || abort.signal.aborted || stopError) break;
      const { rows } = await pool.query<Candidate>(candidatesQuery(run, after));
      if (rows.length === 0) break;
      for (const candidate of rows) {
        if (cancelled || abort.signal.aborted || stopError) break;
        if (settings.limit !== undefined && started >= settings.limit) break;
        after = candidate.id;
        started += 1;
        // Enough edits in hand to keep every slot busy; the rest wait their turn here.
        while (inFlight.size >= settings.concurrency * 2) await Promise.race(inFlight);
        const task = judgeOne(candidate).then(
          (outcome) => {
            if (outcome.kind === "failed" && outcome.endpoint) {
              endpointFailuresInARow += 1;
              if (endpointFailuresInARow >= ENDPOINT_FAILURES_IN_A_ROW)
                stopError = `stopped after ${ENDPOINT_FAILURES_IN_A_ROW} edits in a row failed at the endpoint; the last: ${outcome.error}`;
            } else endpointFailuresInARow = 0;
            pending.push(outcome);
            if (pending.length >= FLUSH_AT) void flush().catch(() => undefined);
          },
          (error: unknown) => {
            if (!abort.signal.aborted) stopError = (error as Error).message;
          },
        );
        const tracked = task.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      }
      if (settings.limit !== undefined && started >= settings.limit) break;
    }
    if (stopError) abort.abort();
    await Promise.all(inFlight);
    clearInterval(ticker);
    await flush();
    const stoppedHere = !cancelled && !stopError && options.signal?.aborted;
    const status = cancelled
      ? "CANCELLED"
      : stopError
        ? "FAILED"
        : stoppedHere
          ? (options.stopAs ?? "CANCELLED")
          : "DONE";
    const error = stopError ?? (stoppedHere && status === "CANCELLED" ? (options.stopReason ?? "stopped") : null);
    return await finish(pool, id, status, error, progress);
  } catch (error) {
    clearInterval(ticker);
    abort.abort();
    await writing.catch(() => undefined);
    return finish(pool, id, "FAILED", (error as Error).message, progress);
  } finally {
    queue.clear();
  }
}

async function finish(
  pool: pg.Pool,
  id: number,
  status: JudgeRunResult["status"],
  error: string | null,
  progress: JudgeProgress,
): Promise<JudgeRunResult> {
  const { rows } = await pool.query<
    Pick<JudgeRunResult, "status" | "error" | "requests" | "promptTokens" | "completionTokens" | "costUsd">
  >(
    `UPDATE "JudgeRun" SET "status" = CASE WHEN "status" = 'CANCELLED' THEN 'CANCELLED' ELSE $2::"JudgeRunStatus" END,
       "error" = COALESCE("error", $3), "finishedAt" = CASE WHEN $2 = 'QUEUED' THEN NULL ELSE now() END,
       "heartbeatAt" = now()
     WHERE "id" = $1
     RETURNING "status", "error", "requests", "promptTokens", "completionTokens", "costUsd"`,
    [id, status, error],
  );
  return { ...progress, ...(rows[0] as Omit<JudgeRunResult, keyof JudgeProgress>) };
}

// Cancels a queued or running run: the running process sees it at its next write, stops
// asking and writes what it has. Returns false when the run had already finished.
export async function cancelJudgeRun(pool: pg.Pool, id: number, userId: number | null, why: string): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE "JudgeRun" SET "status" = 'CANCELLED', "cancelledById" = $2, "error" = $3,
       "finishedAt" = CASE WHEN "status" = 'QUEUED' THEN now() ELSE "finishedAt" END
     WHERE "id" = $1 AND "status" IN ('QUEUED', 'RUNNING')`,
    [id, userId, why],
  );
  return rowCount === 1;
}

// Puts a stopped run (failed, cancelled, or running with a dead process) back in the queue
// to resume: it asks only for the edits it has neither judged nor failed. A cancelled run
// whose process has not yet stopped (finishedAt unset, heartbeat fresh) is not stopped.
export async function requeueJudgeRun(pool: pg.Pool, id: number): Promise<boolean> {
  const { rowCount } = await pool.query(
    `UPDATE "JudgeRun" SET "status" = 'QUEUED', "error" = NULL, "finishedAt" = NULL, "cancelledById" = NULL
     WHERE "id" = $1 AND ("status" = 'FAILED'
       OR ("status" = 'CANCELLED' AND ("finishedAt" IS NOT NULL OR "heartbeatAt" IS NULL
                                      OR "heartbeatAt" < now() - make_interval(secs => $2)))
       OR ("status" = 'RUNNING' AND "heartbeatAt" < now() - make_interval(secs => $2)))`,
    [id, STALLED_AFTER_SECONDS],
  );
  return rowCount === 1;
}
