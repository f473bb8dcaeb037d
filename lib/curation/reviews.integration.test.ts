import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemo } from "../demo/seed";
import { inTransaction } from "../postgres/connection";
import { migrateDatabase } from "../postgres/migrate";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { BatchConflictError, bulkReview, undoBatch } from "./bulk";
import { syncPairs } from "./pairs";
import { claimNext, DEFAULT_BAND } from "./queue";
import { recordReview, ReviewConflictError, undoReview } from "./reviews";

// Reviews committed for real, on a database of this file's own (a small demo), from
// several connections at once where the case is about concurrency.
let database: TestDatabase;
let imageRoot: string;
let pool: pg.Pool;
let annotators: number[];

beforeAll(async () => {
  database = await createTestDatabase("reviews", process.env.TEST_SERVER_URL || undefined);
  await migrateDatabase(database.url);
  imageRoot = fs.mkdtempSync(path.join(os.tmpdir(), "pico-reviews-"));
  await seedDemo(database.url, imageRoot, { tasks: 40, seed: 11 });
  pool = new pg.Pool({ connectionString: database.url, max: 8 });
  const { rows } = await pool.query<{ id: number }>(
    `INSERT INTO "User" ("email", "name", "role") SELECT 'annotator' || n || '@test.local', 'Annotator ' || n, 'ANNOTATOR'
     FROM generate_series(1, 3) n RETURNING "id"`,
  );
  annotators = rows.map((row) => row.id);
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
  fs.rmSync(imageRoot, { recursive: true, force: true });
});

type V = "PASS" | "FAIL";

// A new task of three edits with these judge verdicts, and its pairs.
async function taskWith(verdicts: [V, V, V]): Promise<number[]> {
  return inTransaction(pool, async (client) => {
    const { rows: tasks } = await client.query<{ id: number }>(
      `INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash", "editTypeId")
       SELECT min("id"), 'test task', 'test task', md5(random()::text), 1 FROM "Image" RETURNING "id"`,
    );
    const taskId = (tasks[0] as { id: number }).id;
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO "Edit" ("taskId", "outputImageId", "attempt", "origin", "editTypeId", "judgeVerdict", "effectiveVerdict")
       SELECT $1, i."id", n, 'SFT', 1, v, v
       FROM unnest($2::"Verdict"[]) WITH ORDINALITY AS g(v, n) JOIN "Image" i ON i."id" = (SELECT min("id") FROM "Image") + n::int
       RETURNING "id"`,
      [taskId, verdicts],
    );
    await syncPairs(client, [taskId], { importBatchId: -1 });
    return rows.map((row) => row.id).sort((x, y) => x - y);
  });
}

async function pairsOf(ids: number[]): Promise<string[]> {
  const { rows } = await pool.query<{ pair: string }>(
    `SELECT "chosenEditId" || '>' || "rejectedEditId" || ' ' || lower("provenance"::text) AS pair
     FROM "PreferencePair" WHERE "chosenEditId" = ANY($1::int[])`,
    [ids],
  );
  const names = new Map(ids.map((id, index) => [String(id), "ABC"[index] as string]));
  return rows.map((row) => row.pair.replace(/\d+/g, (id) => names.get(id) ?? id)).sort();
}

const newest = async (editId: number) =>
  (await pool.query<{ id: number }>(`SELECT max("id") AS id FROM "Review" WHERE "editId" = $1`, [editId])).rows[0]
    ?.id ?? null;

const review = (editId: number, verdict: V, reviewer = annotators[0] as number) =>
  newest(editId).then((after) =>
    inTransaction(pool, (client) => recordReview(client, reviewer, { editId, verdict, after })),
  );
const undo = (editId: number) =>
  newest(editId).then((reviewId) =>
    inTransaction(pool, (client) => undoReview(client, annotators[0] as number, reviewId as number)),
  );

describe("overrides reshape the task's pairs", () => {
  it.each([
    { name: "a human fails the chosen edit", judge: ["PASS", "FAIL", "FAIL"], steps: [["A", "FAIL"]], pairs: [] },
    {
      name: "a human passes a rejected edit",
      judge: ["PASS", "FAIL", "FAIL"],
      steps: [["B", "PASS"]],
      pairs: ["A>C judge", "B>C human"],
    },
    {
      name: "the only pass fails, another passes",
      judge: ["PASS", "FAIL", "FAIL"],
      steps: [
        ["A", "FAIL"],
        ["C", "PASS"],
      ],
      pairs: ["C>A human", "C>B human"],
    },
    {
      name: "undo restores the judge's pairs",
      judge: ["PASS", "PASS", "FAIL"],
      steps: [
        ["A", "FAIL"],
        ["A", "undo"],
      ],
      pairs: ["A>C judge", "B>C judge"],
    },
    {
      name: "undo of undo restores the human verdict",
      judge: ["PASS", "PASS", "FAIL"],
      steps: [
        ["A", "FAIL"],
        ["A", "undo"],
        ["A", "undo"],
      ],
      pairs: ["B>A human", "B>C judge"],
    },
    {
      name: "undo of a second review restores the first",
      judge: ["FAIL", "FAIL", "FAIL"],
      steps: [
        ["A", "PASS"],
        ["A", "FAIL"],
        ["A", "undo"],
      ],
      pairs: ["A>B human", "A>C human"],
    },
  ] as { name: string; judge: [V, V, V]; steps: [string, V | "undo"][]; pairs: string[] }[])(
    "$name",
    async ({ judge, steps, pairs }) => {
      const ids = await taskWith(judge);
      for (const [edit, action] of steps) {
        const id = ids["ABC".indexOf(edit)] as number;
        await (action === "undo" ? undo(id) : review(id, action));
      }
      expect(await pairsOf(ids)).toEqual(pairs);
    },
  );

  it("logs each pair change with the review that caused it", async () => {
    const [a, b, c] = await taskWith(["PASS", "FAIL", "FAIL"]);
    const changesOf = async (reviewId: number) =>
      (
        await pool.query(
          `SELECT "chosenEditId" AS chosen, "rejectedEditId" AS rejected, "kind" FROM "PairChange" WHERE "reviewId" = $1 ORDER BY 1, 2`,
          [reviewId],
        )
      ).rows;
    const stored = await review(b as number, "PASS");
    expect(await changesOf(stored.id)).toEqual([
      { chosen: a, rejected: b, kind: "REMOVED" },
      { chosen: b, rejected: c, kind: "ADDED" },
    ]);
    const undone = await undo(b as number);
    expect(await changesOf(undone.id)).toEqual([
      { chosen: a, rejected: b, kind: "ADDED" },
      { chosen: b, rejected: c, kind: "REMOVED" },
    ]);
  });

  it("takes a verdict back to none when the first review is undone", async () => {
    const [a] = await taskWith(["PASS", "FAIL", "FAIL"]);
    await review(a as number, "FAIL");
    const undone = await undo(a as number);
    expect(undone.verdict).toBeNull();
    const { rows } = await pool.query(`SELECT "humanVerdict", "effectiveVerdict" FROM "Edit" WHERE "id" = $1`, [a]);
    expect(rows[0]).toEqual({ humanVerdict: null, effectiveVerdict: "PASS" });
    const { rows: history } = await pool.query(
      `SELECT "verdict", "undoOfId" FROM "Review" WHERE "editId" = $1 ORDER BY "id"`,
      [a],
    );
    expect(history).toEqual([
      { verdict: "FAIL", undoOfId: null },
      { verdict: null, undoOfId: expect.any(Number) },
    ]);
  });

  it("bulk: one transaction for the batch, pairs derived for every task, one undo for all", async () => {
    const first = await taskWith(["PASS", "FAIL", "FAIL"]);
    const second = await taskWith(["FAIL", "PASS", "FAIL"]);
    const batch = await inTransaction(pool, (client) =>
      bulkReview(client, annotators[1] as number, {
        editIds: [first[1], first[2], second[0]] as number[],
        verdict: "PASS",
        note: "clean",
        filter: null,
      }),
    );
    expect(batch.edits).toBe(3);
    expect(await pairsOf(first)).toEqual([]);
    expect(await pairsOf(second)).toEqual(["A>C human", "B>C judge"]);
    await inTransaction(pool, (client) => undoBatch(client, annotators[1] as number, batch.batchId));
    expect(await pairsOf(first)).toEqual(["A>B judge", "A>C judge"]);
    expect(await pairsOf(second)).toEqual(["B>A judge", "B>C judge"]);
    await expect(
      inTransaction(pool, (client) => undoBatch(client, annotators[1] as number, batch.batchId)),
    ).rejects.toThrow(BatchConflictError);
  });

  it("refuses a review made against a version that is no longer the newest", async () => {
    const [a] = await taskWith(["PASS", "FAIL", "FAIL"]);
    await review(a as number, "FAIL", annotators[1]);
    const stale = inTransaction(pool, (client) =>
      recordReview(client, annotators[0] as number, { editId: a as number, verdict: "PASS", after: null }),
    );
    await expect(stale).rejects.toThrow(/was reviewed by Annotator 2 at .* \(fail\) after the version you saw/);
  });
});

describe("concurrency", () => {
  it("two parallel reviews of one edit: one stored, one refused, and history holds only the stored", async () => {
    for (let round = 0; round < 5; round++) {
      const [a] = await taskWith(["PASS", "FAIL", "FAIL"]);
      const results = await Promise.allSettled(
        (["FAIL", "PASS"] as V[]).map((verdict, index) =>
          inTransaction(pool, (client) =>
            recordReview(client, annotators[index] as number, { editId: a as number, verdict, after: null }),
          ),
        ),
      );
      const stored = results.filter((result) => result.status === "fulfilled");
      const refused = results.filter((result) => result.status === "rejected");
      expect(stored).toHaveLength(1);
      expect(refused).toHaveLength(1);
      expect((refused[0] as PromiseRejectedResult).reason).toBeInstanceOf(ReviewConflictError);
      const { rows } = await pool.query(`SELECT "id" FROM "Review" WHERE "editId" = $1`, [a]);
      expect(rows.map((row) => row.id)).toEqual([(stored[0] as PromiseFulfilledResult<{ id: number }>).value.id]);
    }
  });

  it("reviews of two edits of one task at once leave the pairs the rule gives", async () => {
    for (let round = 0; round < 5; round++) {
      const ids = await taskWith(["PASS", "FAIL", "FAIL"]);
      await Promise.all([
        review(ids[0] as number, "FAIL", annotators[0]),
        review(ids[1] as number, "PASS", annotators[1]),
      ]);
      expect(await pairsOf(ids)).toEqual(["B>A human", "B>C human"]);
    }
  });

  it("annotators claiming at once get disjoint edits", async () => {
    const options = { filter: {}, band: { min: 0, max: 1 } };
    const claims = await Promise.all(
      annotators.map((user) => inTransaction(pool, (client) => claimNext(client, user, options, 6))),
    );
    const all = claims.flat();
    expect(claims.every((claim) => claim.length === 6)).toBe(true);
    expect(new Set(all).size).toBe(all.length);
    // Asked again, each keeps what it holds.
    const again = await inTransaction(pool, (client) => claimNext(client, annotators[0] as number, options, 6));
    expect(again.sort()).toEqual(claims[0]?.sort());
    await pool.query(`DELETE FROM "ReviewClaim"`);
  });

  it("an expired claim returns to the queue", async () => {
    const options = { filter: {}, band: DEFAULT_BAND };
    const [mine] = await inTransaction(pool, (client) => claimNext(client, annotators[0] as number, options, 1));
    const other = await inTransaction(pool, (client) => claimNext(client, annotators[1] as number, options, 500));
    expect(other).not.toContain(mine);
    await pool.query(`UPDATE "ReviewClaim" SET "expiresAt" = now() - interval '1 second' WHERE "editId" = $1`, [mine]);
    await pool.query(`DELETE FROM "ReviewClaim" WHERE "userId" = $1`, [annotators[1]]);
    const later = await inTransaction(pool, (client) => claimNext(client, annotators[1] as number, options, 500));
    expect(later).toContain(mine);
    await pool.query(`DELETE FROM "ReviewClaim"`);
  });

  it("queues an edit the judge passed though its pixels call it a no-op", async () => {
    const { rows } = await pool.query<{ id: number; type: number }>(
      `SELECT "id", "editTypeId" AS type FROM "Edit" WHERE "judgeVerdict" = 'PASS' AND "humanVerdict" IS NULL
         AND "overall" > 0.8 AND LEAST("compliance", "realism", "preservation", "technical") >= 0.5
       ORDER BY "id" LIMIT 1`,
    );
    const edit = rows[0] as { id: number; type: number };
    const options = { filter: { types: [edit.type] }, band: DEFAULT_BAND };
    const claim = () => inTransaction(pool, (client) => claimNext(client, annotators[2] as number, options, 500));
    expect(await claim()).not.toContain(edit.id);
    await pool.query(`DELETE FROM "ReviewClaim"`);
    await pool.query(
      `INSERT INTO "EditSignal" ("editId", "available", "meanAbsDiff", "changedFraction", "ssim", "noOp")
       VALUES ($1, true, 0.001, 0.001, 0.999, true)`,
      [edit.id],
    );
    try {
      expect(await claim()).toContain(edit.id);
    } finally {
      await pool.query(`DELETE FROM "ReviewClaim"`);
      await pool.query(`DELETE FROM "EditSignal" WHERE "editId" = $1`, [edit.id]);
    }
  });
});
