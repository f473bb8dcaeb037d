import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { closeChangeFeed } from "./changes";
import { getEdit } from "./edits";

// getEdit against the demo database, each part checked with a query of its own.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const ids = async (sql: string) => (await client.query<{ id: number }>(sql)).rows.map((row) => row.id);

beforeAll(() => client.connect());
afterAll(async () => {
  await client.end();
  await closeChangeFeed();
});

describe("getEdit", () => {
  it("is null for an edit that does not exist", async () => {
    expect(await getEdit(2147483647)).toBeNull();
  });

  it("has the edit's change signals once measured, and null before", async () => {
    const [id] = await ids(
      `SELECT min("id") AS id FROM "Edit" WHERE NOT EXISTS (SELECT 1 FROM "EditSignal" s WHERE s."editId" = "Edit"."id")`,
    );
    expect((await getEdit(id as number))?.signal).toBeNull();
    await client.query(
      `INSERT INTO "EditSignal" ("editId", "available", "meanAbsDiff", "changedFraction", "ssim", "grid",
         "sourceWidth", "sourceHeight", "outputWidth", "outputHeight", "noOp", "overEdit", "sizeChanged")
       VALUES ($1, true, 0.01, 0.004, 0.98, '{0,0,0.5,0, 0,0,0,0, 0,0,0,0, 0,0,0,0}', 512, 384, 512, 512, true, false, true)`,
      [id],
    );
    try {
      expect((await getEdit(id as number))?.signal).toMatchObject({
        available: true,
        changedFraction: 0.004,
        grid: [0, 0, 0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        sourceWidth: 512,
        outputHeight: 512,
        noOp: true,
        overEdit: false,
        sizeChanged: true,
      });
    } finally {
      await client.query(`DELETE FROM "EditSignal" WHERE "editId" = $1`, [id]);
    }
  });

  it("has an edit's task, images, type, judgements, reviews, attempts, pairs and sequence", async () => {
    const reviewed = await ids(`SELECT "editId" AS id FROM "Review" GROUP BY 1 ORDER BY 1 LIMIT 3`);
    // A pair change made by the first reviewed edit's review, on its task.
    const [change] = await ids(
      `INSERT INTO "PairChange" ("taskId", "chosenEditId", "rejectedEditId", "kind", "reviewId")
       SELECT e."taskId", e."id", e."id", 'REMOVED', r."id" FROM "Review" r JOIN "Edit" e ON e."id" = r."editId"
       WHERE r."editId" = ${reviewed[0]} ORDER BY r."id" LIMIT 1 RETURNING "id"`,
    );
    expect(change).toBeDefined();
    const paired = await ids(`SELECT "chosenEditId" AS id FROM "PreferencePair" ORDER BY "id" LIMIT 3`);
    const turns = await ids(`SELECT "editId" AS id FROM "SequenceTurn" ORDER BY "sequenceId", "position" LIMIT 3`);
    expect(reviewed.length && paired.length && turns.length).toBeTruthy();
    try {
      for (const id of [...reviewed, ...paired, ...turns]) {
        const edit = await getEdit(id);
        if (!edit) throw new Error(`edit ${id} not found`);
        const { rows } = await client.query(
          `SELECT e."taskId", t."sourceImageId", e."outputImageId", et."name" AS type, c."name" AS category, e."effectiveVerdict"
         FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" LEFT JOIN "EditType" et ON et."id" = t."editTypeId"
         LEFT JOIN "Category" c ON c."id" = et."categoryId" WHERE e."id" = $1`,
          [id],
        );
        const row = rows[0];
        expect(edit.task.id).toBe(row.taskId);
        expect(edit.sourceImage.id).toBe(row.sourceImageId);
        expect(edit.outputImage.id).toBe(row.outputImageId);
        expect([edit.task.editType, edit.task.category]).toEqual([row.type, row.category]);
        expect(edit.effectiveVerdict).toBe(row.effectiveVerdict);
        const count = async (sql: string, value: number) =>
          Number((await client.query<{ n: string }>(sql, [value])).rows[0]?.n);
        expect(edit.judgements).toHaveLength(
          await count(`SELECT count(*) AS n FROM "Judgement" WHERE "editId" = $1`, id),
        );
        expect(edit.reviews).toHaveLength(await count(`SELECT count(*) AS n FROM "Review" WHERE "editId" = $1`, id));
        expect(edit.attempts.map((attempt) => attempt.id)).toContain(id);
        expect(edit.attempts).toHaveLength(
          await count(`SELECT count(*) AS n FROM "Edit" WHERE "taskId" = $1`, row.taskId),
        );
        expect(edit.pairs).toHaveLength(
          await count(`SELECT count(*) AS n FROM "PreferencePair" WHERE "taskId" = $1`, row.taskId),
        );
        const changes = await client.query<{ reviewId: number; kind: string }>(
          `SELECT c."reviewId", c."kind"::text AS kind FROM "PairChange" c JOIN "Review" r ON r."id" = c."reviewId"
         WHERE r."editId" = $1 ORDER BY c."id" DESC`,
          [id],
        );
        expect(edit.pairChanges.map((change) => ({ reviewId: change.reviewId, kind: change.kind }))).toEqual(
          changes.rows,
        );
        const turn = (
          await client.query(
            `SELECT st."sequenceId" AS id, st."position", (SELECT count(*)::int FROM "SequenceTurn" s WHERE s."sequenceId" = st."sequenceId") AS turns
           FROM "SequenceTurn" st WHERE st."editId" = $1`,
            [id],
          )
        ).rows[0];
        expect(edit.sequence).toEqual(turn ?? null);
      }
    } finally {
      await client.query(`DELETE FROM "PairChange" WHERE "id" = $1`, [change]);
    }
  });

  it("reads each list as its own query does, times to the millisecond", async () => {
    const [id] = await ids(`SELECT "editId" AS id FROM "Review" GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const [change] = await ids(
      `INSERT INTO "PairChange" ("taskId", "chosenEditId", "rejectedEditId", "kind", "reviewId", "createdAt")
       SELECT e."taskId", e."id", e."id", 'ADDED', r."id", '2026-11-30 12:34:56.789' FROM "Review" r
       JOIN "Edit" e ON e."id" = r."editId" WHERE r."editId" = ${id} ORDER BY r."id" LIMIT 1 RETURNING "id"`,
    );
    await client.query(
      `INSERT INTO "EditSignal" ("editId", "available", "error", "grid", "computedAt") VALUES ($1, false, 'unreadable', '{}', '2026-11-29 01:02:03.004')`,
      [id],
    );
    try {
      const edit = await getEdit(id as number);
      const rows = async (sql: string) => (await client.query(sql, [id])).rows;
      expect(edit?.judgements).toEqual(
        await rows(
          `SELECT j."id", j."judge", j."model", j."rubricVersion", j."runId", j."id" IS NOT DISTINCT FROM e."judgementId" AS "current",
                  j."compliance", j."realism", j."preservation", j."technical", j."overall", j."passed", j."rationale", j."createdAt"
           FROM "Judgement" j JOIN "Edit" e ON e."id" = j."editId" WHERE j."editId" = $1 ORDER BY j."createdAt" DESC, j."id" DESC`,
        ),
      );
      expect(edit?.reviews).toEqual(
        await rows(
          `SELECT r."id", u."name" AS "reviewer", r."verdict"::text AS "verdict", r."note", r."previousVerdict"::text AS "previousVerdict",
                  r."compliance", r."realism", r."preservation", r."technical", r."overall", r."undoOfId", r."batchId", r."createdAt"
           FROM "Review" r JOIN "User" u ON u."id" = r."reviewerId" WHERE r."editId" = $1 ORDER BY r."id" DESC`,
        ),
      );
      expect(edit?.pairChanges).toEqual(
        await rows(
          `SELECT c."reviewId", c."chosenEditId", c."rejectedEditId", c."kind"::text AS "kind", c."createdAt"
           FROM "PairChange" c JOIN "Review" r ON r."id" = c."reviewId" WHERE r."editId" = $1 ORDER BY c."id" DESC`,
        ),
      );
      expect(edit?.pairChanges.find((one) => one.kind === "ADDED")?.createdAt.toISOString()).toBe(
        "2026-11-30T12:34:56.789Z",
      );
      expect(edit?.attempts).toEqual(
        await rows(
          `SELECT a."id", a."attempt", a."origin"::text AS "origin", a."effectiveVerdict"::text AS "effectiveVerdict", a."overall", a."outputImageId"
           FROM "Edit" a JOIN "Edit" e ON e."taskId" = a."taskId" WHERE e."id" = $1 ORDER BY a."attempt", a."id"`,
        ),
      );
      expect(edit?.pairs).toEqual(
        await rows(
          `SELECT p."chosenEditId", p."rejectedEditId", p."provenance"::text AS "provenance"
           FROM "PreferencePair" p JOIN "Edit" e ON e."taskId" = p."taskId" WHERE e."id" = $1 ORDER BY p."id"`,
        ),
      );
      expect(edit?.signal).toMatchObject({ available: false, error: "unreadable", grid: [], meanAbsDiff: null });
      expect(edit?.signal?.computedAt.toISOString()).toBe("2026-11-29T01:02:03.004Z");
    } finally {
      await client.query(`DELETE FROM "PairChange" WHERE "id" = $1`, [change]);
      await client.query(`DELETE FROM "EditSignal" WHERE "editId" = $1`, [id]);
    }
  });

  it("orders judgements and reviews newest first, with the reviewer's name", async () => {
    const [id] = await ids(`SELECT "editId" AS id FROM "Review" GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`);
    const edit = await getEdit(id as number);
    const { rows } = await client.query(
      `SELECT u."name", r."verdict" FROM "Review" r JOIN "User" u ON u."id" = r."reviewerId"
       WHERE r."editId" = $1 ORDER BY r."createdAt" DESC, r."id" DESC`,
      [id],
    );
    expect(edit?.reviews.map((review) => [review.reviewer, review.verdict])).toEqual(
      rows.map((row) => [row.name, row.verdict]),
    );
    const times = edit?.judgements.map((judgement) => judgement.createdAt.getTime()) ?? [];
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});
