import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CURRENT_FIRST } from "../curation/judgements";
import { recordReview } from "../curation/reviews";
import { inTransaction } from "../postgres/connection";
import type { PairFilter } from "../schemas/preference-params";
import { caughtUp, closeChangeFeed } from "./changes";
import { findPairChanges, findPairs, getPreferenceCounts, type Page } from "./preferences";

// The preference browser's reads against the demo database, each checked with a query of
// its own that reads the type from Task (the code reads the chosen edit's copy). Reviews
// here are committed, and other files share the database: counts are compared before and
// after, never against fixed figures.
let pool: pg.Pool;
let reviewer: number;

const rows = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
  (await pool.query<T>(sql, values)).rows;
const ids = async (sql: string, values: unknown[] = []) => (await rows<{ id: number }>(sql, values)).map((r) => r.id);

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
  [{ id: reviewer }] = (await rows<{ id: number }>(
    `INSERT INTO "User" ("email", "name", "role") VALUES ($1, 'Preference Tester', 'ANNOTATOR') RETURNING "id"`,
    [`preferences-${process.pid}-${Date.now()}@test.local`],
  )) as [{ id: number }];
});

afterAll(async () => {
  await pool.end();
  await closeChangeFeed();
});

// Every id of a list, page after page of `limit`, checking each full page but the last.
async function walk<T extends { id: number }>(
  limit: number,
  read: (page: { cursor?: number; limit: number }) => Promise<Page<T>>,
): Promise<number[]> {
  const seen: number[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = await read({ cursor, limit });
    seen.push(...page.items.map((item) => item.id));
    if (page.nextCursor === null) return seen;
    expect(page.items).toHaveLength(limit);
    expect(page.nextCursor).toBe(page.items[limit - 1]?.id);
    cursor = page.nextCursor;
  }
}

const walkPairs = (filter: PairFilter, limit = 3) => walk(limit, (page) => findPairs(filter, page));

// The oracle: pair ids, newest first, under conditions on p (PreferencePair), t (Task), et (EditType).
const pairIds = (where: string, values: unknown[] = []) =>
  ids(
    `SELECT p."id" FROM "PreferencePair" p JOIN "Task" t ON t."id" = p."taskId" LEFT JOIN "EditType" et ON et."id" = t."editTypeId"
     WHERE ${where} ORDER BY p."id" DESC`,
    values,
  );

// A review by the test's annotator, made against the edit's newest review and committed.
const review = (editId: number, verdict: "PASS" | "FAIL") =>
  inTransaction(pool, async (client) => {
    const { rows: newest } = await client.query<{ id: number | null }>(
      `SELECT max("id") AS id FROM "Review" WHERE "editId" = $1`,
      [editId],
    );
    return recordReview(client, reviewer, { editId, verdict, after: newest[0]?.id ?? null });
  });

describe("findPairs", () => {
  it("pages through every pair newest first, without a duplicate or a gap", async () => {
    const all = await pairIds("TRUE");
    expect(all.length).toBeGreaterThan(5);
    for (const limit of [1, 3, all.length / 2, all.length, 200])
      expect(await walkPairs({}, Math.ceil(limit))).toEqual(all);
  });

  it("shows both sides of a pair: the task, its source, each attempt's output, verdicts and newest judgement", async () => {
    // Other files' reviews change how many pairs the shared demo has left.
    const [{ total }] = (await rows(`SELECT count(*)::int AS total FROM "PreferencePair"`)) as [{ total: number }];
    expect(total).toBeGreaterThan(1);
    const { items } = await findPairs({}, { limit: 10 });
    expect(items).toHaveLength(Math.min(10, total));
    for (const pair of items) {
      const [row] = await rows(
        `SELECT p."taskId", p."chosenEditId", p."rejectedEditId", p."provenance"::text, t."sourceImageId", t."shortInstruction",
                t."longInstruction", et."name" AS type, c."name" AS category
         FROM "PreferencePair" p JOIN "Task" t ON t."id" = p."taskId" LEFT JOIN "EditType" et ON et."id" = t."editTypeId"
         LEFT JOIN "Category" c ON c."id" = et."categoryId" WHERE p."id" = $1`,
        [pair.id],
      );
      expect(pair).toMatchObject({
        provenance: row?.provenance,
        task: {
          id: row?.taskId,
          shortInstruction: row?.shortInstruction,
          longInstruction: row?.longInstruction,
          editType: row?.type,
          category: row?.category,
        },
        source: { id: row?.sourceImageId },
        chosen: { editId: row?.chosenEditId, effectiveVerdict: "PASS" },
        rejected: { editId: row?.rejectedEditId, effectiveVerdict: "FAIL" },
      });
      for (const side of [pair.chosen, pair.rejected]) {
        const [edit] = await rows(
          `SELECT "attempt", "outputImageId", "judgeVerdict"::text, "humanVerdict"::text FROM "Edit" WHERE "id" = $1`,
          [side.editId],
        );
        expect(side).toMatchObject({
          attempt: edit?.attempt,
          output: { id: edit?.outputImageId },
          judgeVerdict: edit?.judgeVerdict,
          humanVerdict: edit?.humanVerdict,
        });
        const [judgement] = await rows(
          `SELECT "judge", "compliance", "realism", "preservation", "technical", "overall", "passed", "rationale", "createdAt"
           FROM "Judgement" j WHERE "editId" = $1 ORDER BY ${CURRENT_FIRST} LIMIT 1`,
          [side.editId],
        );
        expect(side.judgement).toEqual(judgement);
      }
    }
  });

  it("keeps the pairs of the types asked for, of a category's types, and of both at once", async () => {
    const [common] = await rows<{ type: number; category: number }>(
      `SELECT t."editTypeId" AS type, et."categoryId" AS category FROM "PreferencePair" p JOIN "Task" t ON t."id" = p."taskId"
       JOIN "EditType" et ON et."id" = t."editTypeId" GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`,
    );
    if (!common) throw new Error("the demo has no pair with an edit type");
    const [other] = await ids(`SELECT "id" FROM "EditType" WHERE "categoryId" <> $1 ORDER BY "id" LIMIT 1`, [
      common.category,
    ]);
    const ofType = await pairIds(`t."editTypeId" = $1`, [common.type]);
    expect(ofType.length).toBeGreaterThan(0);
    expect(await walkPairs({ types: [common.type] }, 1)).toEqual(ofType);
    expect(await walkPairs({ types: [common.type, other as number] }, 3)).toEqual(
      await pairIds(`t."editTypeId" = ANY($1::int[])`, [[common.type, other]]),
    );

    const ofCategory = await pairIds(`et."categoryId" = $1`, [common.category]);
    expect(ofCategory.length).toBeGreaterThanOrEqual(ofType.length);
    expect(await walkPairs({ categories: [common.category] }, 1)).toEqual(ofCategory);

    expect(await walkPairs({ types: [common.type], categories: [common.category] })).toEqual(ofType);
    expect(await walkPairs({ types: [other as number], categories: [common.category] })).toEqual([]);
    expect(await walkPairs({ categories: [2147483647] })).toEqual([]);
  });

  it("keeps the judge's pairs or the human ones, with the other filters", async () => {
    // Reviewed with the verdict it has, the edit keeps its pairs, which become human.
    const [failing] = await ids(
      `SELECT r."rejectedEditId" AS id FROM "PreferencePair" r WHERE r."provenance" = 'JUDGE' ORDER BY r."id" DESC LIMIT 1`,
    );
    await review(failing as number, "FAIL");
    const human = await pairIds(`p."provenance" = 'HUMAN'`);
    const judge = await pairIds(`p."provenance" = 'JUDGE'`);
    expect(human.length).toBeGreaterThan(0);
    expect(judge.length).toBeGreaterThan(0);
    expect(await walkPairs({ provenance: "human" }, 2)).toEqual(human);
    expect(await walkPairs({ provenance: "judge" })).toEqual(judge);
    const [type] = await ids(
      `SELECT t."editTypeId" AS id FROM "PreferencePair" p JOIN "Task" t ON t."id" = p."taskId" WHERE p."provenance" = 'HUMAN' LIMIT 1`,
    );
    expect(await walkPairs({ provenance: "human", types: [type as number] }, 1)).toEqual(
      await pairIds(`p."provenance" = 'HUMAN' AND t."editTypeId" = $1`, [type]),
    );
  });
});

describe("pairs reviews added and removed", () => {
  it("counts a review's added and removed pairs, and lists them with the review", async () => {
    const [edit] = await rows<{ id: number; taskId: number; type: number }>(
      `SELECT e."id", e."taskId", t."editTypeId" AS type FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"
       WHERE e."effectiveVerdict" = 'FAIL' AND t."editTypeId" IS NOT NULL
         AND EXISTS (SELECT 1 FROM "Edit" o WHERE o."taskId" = e."taskId" AND o."id" <> e."id" AND o."effectiveVerdict" = 'FAIL')
         AND EXISTS (SELECT 1 FROM "Edit" o WHERE o."taskId" = e."taskId" AND o."effectiveVerdict" = 'PASS')
       ORDER BY e."id" LIMIT 1`,
    );
    if (!edit) throw new Error("the demo has no task with a passing and two failing attempts");
    // Passed, the edit leaves its pairs as the rejected one and is paired as the chosen one
    // with the task's other failing attempt.
    const pairsOfTask = async () =>
      (
        await rows<{ pair: string }>(
          `SELECT "chosenEditId" || '>' || "rejectedEditId" AS pair FROM "PreferencePair" WHERE "taskId" = $1`,
          [edit.taskId],
        )
      ).map((row) => row.pair);
    const pairsBefore = await pairsOfTask();
    const before = await getPreferenceCounts();

    const written = await review(edit.id, "PASS");
    await caughtUp();

    const pairsAfter = await pairsOfTask();
    const added = pairsAfter.filter((pair) => !pairsBefore.includes(pair)).sort();
    const removed = pairsBefore.filter((pair) => !pairsAfter.includes(pair)).sort();
    expect(added.length).toBeGreaterThan(0);
    expect(removed.length).toBeGreaterThan(0);
    const after = await getPreferenceCounts();
    expect(after.added - before.added).toBe(added.length);
    expect(after.removed - before.removed).toBe(removed.length);
    expect(after.total - before.total).toBe(added.length - removed.length);
    expect(after.judge + after.human).toBe(after.total);

    // The newest changes of each kind are this review's, newest first, on the task's type
    // and on no other.
    const listed = async (kind: "added" | "removed", types: number[]) =>
      (await findPairChanges(kind, { types }, { limit: 50 })).items.filter((change) => change.review.id === written.id);
    for (const [kind, expected] of [
      ["added", added],
      ["removed", removed],
    ] as const) {
      const changes = await listed(kind, [edit.type]);
      expect(changes.map((change) => `${change.chosenEditId}>${change.rejectedEditId}`).sort()).toEqual(expected);
      expect(changes[0]?.review).toEqual({
        id: written.id,
        editId: edit.id,
        reviewer: "Preference Tester",
        verdict: "PASS",
        batchId: null,
        undoOfId: null,
      });
      const [otherType] = await ids(`SELECT "id" FROM "EditType" WHERE "id" <> $1 ORDER BY "id" LIMIT 1`, [edit.type]);
      expect(await listed(kind, [otherType as number])).toEqual([]);
    }
  });

  it("pages through the changes of each kind without a duplicate or a gap", async () => {
    for (const kind of ["added", "removed"] as const) {
      const all = await ids(
        `SELECT "id" FROM "PairChange" WHERE "reviewId" IS NOT NULL AND "kind" = $1::"PairChangeKind" ORDER BY "id" DESC`,
        [kind.toUpperCase()],
      );
      expect(all.length).toBeGreaterThan(0);
      expect(await walk(1, (page) => findPairChanges(kind, {}, page))).toEqual(all);
    }
  });
});
