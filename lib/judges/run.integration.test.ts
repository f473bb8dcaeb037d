import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { derivePreferencePairs, type PairInput } from "../curation/preference-pairs";
import { seedDemo } from "../demo/seed";
import { migrateDatabase } from "../postgres/migrate";
import type { EditFilter } from "../schemas/edit-filter";
import { overallScore, PASS_THRESHOLD } from "../scoring/scoring";
import { editFilterWhere } from "../sql/edit-filter";
import { EDITS_OFF_THEIR_CURRENT_JUDGEMENT } from "../testing/invariants";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { activateJudge, runActivation } from "./activation";
import { startFakeEndpoint, type FakeEndpoint } from "./fake-endpoint";
import { RUBRIC_VERSION } from "./rubric";
import { createJudgeRun, runJudge, type JudgeRunOptions } from "./run";

// Judge runs against the local OpenAI-compatible endpoint over real HTTP, on the demo's
// images: every edit judged once, retries within the limits, malformed answers recorded,
// a run killed half-way resumed without judging anything twice.

let database: TestDatabase;
let pool: pg.Pool;
let endpoint: FakeEndpoint;
let imageRoot: string;

const OPTIONS: JudgeRunOptions = {
  concurrency: 4,
  requestsPerMinute: 60_000,
  maxAttempts: 3,
  maxRetries: 4,
  imageSide: 256,
  priceInputPer1k: 0.001,
  priceOutputPer1k: 0.002,
  timeoutSeconds: 30,
};

beforeAll(async () => {
  database = await createTestDatabase("judges", process.env.TEST_SERVER_URL || undefined);
  await migrateDatabase(database.url);
  imageRoot = fs.mkdtempSync(path.join(os.tmpdir(), "pico-judges-"));
  process.env.IMAGE_ROOT = imageRoot;
  await seedDemo(database.url, imageRoot, { tasks: 60, seed: 5 });
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  endpoint = await startFakeEndpoint();
}, 120_000);

afterAll(async () => {
  await endpoint?.close();
  await pool?.end();
  await database?.drop();
  fs.rmSync(imageRoot, { recursive: true, force: true });
});

const query = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
  (await pool.query<T>(sql, values)).rows;

// Edits of the filter, by the same SQL the gallery counts with.
async function editsOf(filter: EditFilter): Promise<number[]> {
  const where = editFilterWhere(filter);
  return (
    await query<{ id: number }>(`SELECT e."id" FROM "Edit" e WHERE ${where.text} ORDER BY e."id"`, where.values)
  ).map((row) => row.id);
}

// The demo leaves some images out, as the release names images that are gone: an edit
// without both files cannot be judged, and fails.
async function withBothImages(edits: number[]): Promise<Set<number>> {
  const rows = await query<{ id: number; source: string; output: string }>(
    `SELECT e."id", si."uri" AS source, oi."uri" AS output FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"
       JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"
     WHERE e."id" = ANY($1::int[])`,
    [edits],
  );
  const exists = (uri: string) => fs.existsSync(path.join(imageRoot, uri));
  return new Set(rows.filter((row) => exists(row.source) && exists(row.output)).map((row) => row.id));
}

// Edit types with at least two edits, every one with both images: filters a run judges whole.
async function judgeableTypes(): Promise<number[]> {
  const rows = await query<{ type: number; ids: number[] }>(
    `SELECT "editTypeId" AS type, array_agg("id") AS ids FROM "Edit" WHERE "editTypeId" IS NOT NULL
     GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1`,
  );
  const types: number[] = [];
  for (const row of rows) if ((await withBothImages(row.ids)).size === row.ids.length) types.push(row.type);
  return types;
}

// The stored pairs of these edits' tasks are the pair rule's on their verdicts.
async function expectPairsByRule(edits: number[]) {
  const rows = await query<PairInput & { taskId: number }>(
    `SELECT e."id", e."taskId", e."effectiveVerdict", e."humanVerdict" FROM "Edit" e
     WHERE e."taskId" IN (SELECT "taskId" FROM "Edit" WHERE "id" = ANY($1::int[]))`,
    [edits],
  );
  const taskIds = [...new Set(rows.map((row) => row.taskId))];
  const expected = taskIds
    .flatMap((taskId) => derivePreferencePairs(rows.filter((row) => row.taskId === taskId)))
    .map((pair) => `${pair.chosenEditId}>${pair.rejectedEditId}`)
    .sort();
  const stored = await query<{ pair: string }>(
    `SELECT "chosenEditId" || '>' || "rejectedEditId" AS pair FROM "PreferencePair" WHERE "taskId" = ANY($1::int[])`,
    [taskIds],
  );
  expect(stored.map((row) => row.pair).sort()).toEqual(expected);
}

const start = (judge: string, filter: EditFilter, options: Partial<JudgeRunOptions> = {}) =>
  createJudgeRun(pool, {
    judge,
    model: "fake-model",
    baseUrl: endpoint.url,
    filter,
    query: "",
    options: { ...OPTIONS, ...options },
    userId: null,
  });

describe("a judge run", () => {
  it("judges every edit of its filter once, scores them with lib/scoring and derives the pairs", async () => {
    const filter: EditFilter = { types: [(await judgeableTypes())[0] as number] };
    const edits = await editsOf(filter);
    endpoint.configure({});
    const before = endpoint.requests();
    const id = await start("judge-a", filter);
    const result = await runJudge(pool, id);
    expect(result).toMatchObject({ status: "DONE", total: edits.length, skipped: 0, judged: edits.length, failed: 0 });
    expect(endpoint.requests() - before).toBe(edits.length);

    const judgements = await query<{
      editId: number;
      compliance: number;
      realism: number;
      preservation: number;
      technical: number;
      overall: number;
      passed: boolean;
      rubricVersion: string;
      runId: number;
    }>(
      `SELECT "editId", "compliance", "realism", "preservation", "technical", "overall", "passed", "rubricVersion", "runId"
       FROM "Judgement" WHERE "judge" = 'judge-a' ORDER BY "editId"`,
    );
    expect(judgements.map((j) => j.editId)).toEqual(edits);
    for (const j of judgements) {
      expect(j.overall).toBe(overallScore(j));
      expect(j.passed).toBe(j.overall >= PASS_THRESHOLD);
      expect([j.rubricVersion, j.runId]).toEqual([RUBRIC_VERSION, id]);
    }
    // The fake endpoint's scores follow the images: not one answer for all.
    expect(new Set(judgements.map((j) => j.overall)).size).toBeGreaterThan(1);

    // The new judgements are the edits' current ones, and the pairs follow their verdicts.
    expect(await query(EDITS_OFF_THEIR_CURRENT_JUDGEMENT)).toEqual([]);
    await expectPairsByRule(edits);

    const [run] = await query<{ requests: number; promptTokens: number; costUsd: number }>(
      `SELECT "requests", "promptTokens", "costUsd" FROM "JudgeRun" WHERE "id" = $1`,
      [id],
    );
    expect(run?.requests).toBe(edits.length);
    expect(run?.promptTokens).toBeGreaterThan(0);
    expect(run?.costUsd).toBeGreaterThan(0);

    // The same judge again: nothing left to ask.
    const again = await runJudge(pool, await start("judge-a", filter));
    expect(again).toMatchObject({ status: "DONE", skipped: edits.length, judged: 0, requests: 0 });
  });

  it("leaves no listener behind per request: a long run raises no MaxListeners warning", async () => {
    // At concurrency 1 the run's signal allows 20 listeners; a listener left per request
    // (the openai client's, on the signal it is given) passed that after 20 edits.
    endpoint.configure({});
    const warnings: string[] = [];
    const listen = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);
    process.on("warning", listen);
    try {
      const result = await runJudge(pool, await start("judge-listeners", {}, { concurrency: 1 }));
      expect(result?.status).toBe("DONE");
      expect(result?.requests).toBeGreaterThan(30);
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off("warning", listen);
    }
    expect(warnings.filter((warning) => warning.startsWith("MaxListenersExceededWarning"))).toEqual([]);
  });

  it("retries 429 and 500 answers within its limits, and records an edit the endpoint keeps failing", async () => {
    const filter: EditFilter = { types: [(await judgeableTypes())[1] as number] };
    const edits = await editsOf(filter);
    endpoint.configure({ faults: [{ status: 429, retryAfterSeconds: 0 }, { status: 500 }, { status: 503 }] });
    let before = endpoint.requests();
    const retried = await runJudge(pool, await start("judge-b", filter, { concurrency: 1 }));
    expect(retried).toMatchObject({ status: "DONE", judged: edits.length, failed: 0 });
    expect(endpoint.requests() - before).toBe(edits.length + 3);

    // Five 500s in a row: the first edit's request and its four retries (told to retry at
    // once, so the test does not wait out the backoff).
    endpoint.configure({ faults: Array.from({ length: 5 }, () => ({ status: 500, retryAfterSeconds: 0 })) });
    before = endpoint.requests();
    const id = await start("judge-c", filter, { concurrency: 1 });
    const result = await runJudge(pool, id);
    expect(result).toMatchObject({ status: "DONE", judged: edits.length - 1, failed: 1 });
    expect(endpoint.requests() - before).toBe(edits.length + 4);
    const failures = await query<{ editId: number; error: string }>(
      `SELECT "editId", "error" FROM "JudgeFailure" WHERE "runId" = $1`,
      [id],
    );
    expect(failures).toEqual([{ editId: expect.any(Number), error: expect.stringContaining("HTTP 500") }]);
    expect(edits).toContain(failures[0]?.editId);
  });

  it("records malformed answers as failures with the model's text, after its attempts", async () => {
    const filter: EditFilter = { types: [(await judgeableTypes())[2] as number] };
    const edits = await editsOf(filter);
    endpoint.configure({ malformed: true });
    const before = endpoint.requests();
    const id = await start("judge-d", filter);
    const result = await runJudge(pool, id);
    expect(result).toMatchObject({ status: "DONE", judged: 0, failed: edits.length });
    expect(endpoint.requests() - before).toBe(edits.length * OPTIONS.maxAttempts);
    const failures = await query<{ attempts: number; error: string; response: string }>(
      `SELECT "attempts", "error", "response" FROM "JudgeFailure" WHERE "runId" = $1`,
      [id],
    );
    expect(failures).toHaveLength(edits.length);
    for (const failure of failures) {
      expect(failure.attempts).toBe(OPTIONS.maxAttempts);
      expect(failure.error).toContain("no readable answer after 3 attempts");
      expect(failure.response).toMatch(/^Sure! The scores are/);
    }
    expect(await query(`SELECT 1 FROM "Judgement" WHERE "judge" = 'judge-d'`)).toEqual([]);
    endpoint.configure({});
  });

  it("resumes a run killed half-way: every edit judged, none twice", async () => {
    const filter: EditFilter = {};
    const edits = await editsOf(filter);
    endpoint.configure({ delayMs: 80 });
    const id = await start("judge-e", filter, { concurrency: 2 });
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/judge.ts", "--resume", String(id), "--json"], {
      env: { ...process.env, DATABASE_URL: database.url, IMAGE_ROOT: imageRoot },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const judgedSoFar = async () =>
      (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "Judgement" WHERE "judge" = 'judge-e'`))[0]?.n ?? 0;
    const deadline = Date.now() + 60_000;
    while ((await judgedSoFar()) < edits.length / 3 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    const written = await query<{ editId: number; createdAt: Date }>(
      `SELECT "editId", "createdAt" FROM "Judgement" WHERE "judge" = 'judge-e' ORDER BY "editId"`,
    );
    expect(written.length).toBeGreaterThan(0);
    expect(written.length).toBeLessThan(edits.length);

    // Its heartbeat stops; once it is older than the stall limit, the run may be claimed.
    await pool.query(`UPDATE "JudgeRun" SET "heartbeatAt" = now() - interval '1 minute' WHERE "id" = $1`, [id]);
    endpoint.configure({});
    const result = await runJudge(pool, id);
    const judgeable = await withBothImages(edits);
    expect(judgeable.size).toBeLessThan(edits.length);
    expect(result).toMatchObject({
      status: "DONE",
      total: edits.length,
      judged: judgeable.size,
      failed: edits.length - judgeable.size,
    });
    const after = await query<{ editId: number; createdAt: Date }>(
      `SELECT "editId", "createdAt" FROM "Judgement" WHERE "judge" = 'judge-e' ORDER BY "editId"`,
    );
    expect(after.map((row) => row.editId)).toEqual(edits.filter((edit) => judgeable.has(edit)));
    // What the killed process wrote stands as written: not judged again.
    const kept = new Map(after.map((row) => [row.editId, row.createdAt.getTime()]));
    for (const row of written) expect(kept.get(row.editId)).toBe(row.createdAt.getTime());
  }, 120_000);

  it("follows a new active judge: every edit it judged takes its verdict, and the pairs follow the rule", async () => {
    // Preference tasks hold several attempts: where one passes and another fails, a pair.
    const filter: EditFilter = { subsets: ["preference"] };
    const edits = await editsOf(filter);
    // The endpoint's own judgement, then a strict judge that fails everything: the strict
    // one's judgements are the newest, so the current ones.
    endpoint.configure({});
    await runJudge(pool, await start("judge-x", filter));
    endpoint.configure({ shift: -0.5 });
    await runJudge(pool, await start("judge-y", filter));
    endpoint.configure({});
    const verdictsOf = (judge: string) =>
      query<{ id: number; verdict: string }>(
        `SELECT "editId" AS id, CASE WHEN "passed" THEN 'PASS' ELSE 'FAIL' END AS verdict
         FROM "Judgement" WHERE "judge" = $1 AND "editId" = ANY($2::int[]) ORDER BY "editId"`,
        [judge, edits],
      );
    const judged = (await verdictsOf("judge-x")).map((row) => row.id);
    const current = () =>
      query<{ id: number; verdict: string }>(
        `SELECT "id", "judgeVerdict" AS verdict FROM "Edit" WHERE "id" = ANY($1::int[]) ORDER BY "id"`,
        [judged],
      );
    expect(judged.length).toBeGreaterThan(3);
    expect(await current()).toEqual(await verdictsOf("judge-y"));
    expect((await verdictsOf("judge-y")).every((row) => row.verdict === "FAIL")).toBe(true);
    expect((await verdictsOf("judge-x")).some((row) => row.verdict === "PASS")).toBe(true);

    const activation = await activateJudge(pool, "judge-x", null);
    expect(await runActivation(pool, activation)).toBe(true);
    expect(await current()).toEqual(await verdictsOf("judge-x"));
    expect(await query(EDITS_OFF_THEIR_CURRENT_JUDGEMENT)).toEqual([]);
    await expectPairsByRule(edits);
    const [logged] = await query<{ n: number }>(
      `SELECT count(*)::int AS n FROM "PairChange" WHERE "judgeActivationId" = $1`,
      [activation],
    );
    expect(logged?.n).toBeGreaterThan(0);

    // Another judge's newer judgements do not take over from the active judge's.
    endpoint.configure({ shift: -0.5 });
    await runJudge(pool, await start("judge-z", filter));
    endpoint.configure({});
    expect(await current()).toEqual(await verdictsOf("judge-x"));

    await expect(activateJudge(pool, "judge-x", null)).rejects.toThrow('"judge-x" is the active judge already');
    await expect(activateJudge(pool, "nobody", null)).rejects.toThrow('no edit has a judgement by "nobody"');
    // Back to each edit's newest judgement.
    expect(await runActivation(pool, await activateJudge(pool, null, null))).toBe(true);
    expect(await current()).toEqual(await verdictsOf("judge-z"));
    expect(await query(EDITS_OFF_THEIR_CURRENT_JUDGEMENT)).toEqual([]);
    await expectPairsByRule(edits);
  });
});
