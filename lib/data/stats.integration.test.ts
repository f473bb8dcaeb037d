import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CRITERIA } from "../scoring/scoring";
import { EDIT_TYPES } from "../taxonomy/taxonomy";
import { caughtUp, closeChangeFeed } from "./changes";
import { getHomeStats } from "./stats";
import { getTaxonomyStats } from "./taxonomy-stats";

// The home page's and the taxonomy's figures, read from trigger-kept counts and caches,
// against counts taken straight from the tables.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n);

beforeAll(() => client.connect());
afterAll(async () => {
  await client.query(`DELETE FROM "Image" WHERE "uri" = $1`, [URI]);
  await client.end();
  await closeChangeFeed();
});
const URI = `stats test ${process.pid}`;

describe("getHomeStats", () => {
  it("counts tasks and edits per subset", async () => {
    const stats = await getHomeStats();
    expect(stats.totals.tasks).toBe(await count(`SELECT count(*) AS n FROM "Task"`));
    expect(stats.totals.edits).toBe(await count(`SELECT count(*) AS n FROM "Edit"`));
    const subset = (name: string) => stats.subsets.find((s) => s.subset === name);
    expect(subset("sft")?.edits).toBe(await count(`SELECT count(*) AS n FROM "Edit" WHERE "origin" = 'SFT'`));
    expect(subset("preference")?.edits).toBe(
      await count(`SELECT count(*) AS n FROM "Edit" WHERE "origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED')`),
    );
    expect(subset("preference")?.tasks).toBe(
      await count(
        `SELECT count(DISTINCT "taskId") AS n FROM "Edit" WHERE "origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED')`,
      ),
    );
    expect(subset("multi-turn")?.tasks).toBe(
      await count(`SELECT count(DISTINCT "taskId") AS n FROM "Edit" WHERE "origin" = 'MULTI_TURN'`),
    );
    expect(stats.subsets.reduce((sum, s) => sum + s.edits, 0)).toBe(stats.totals.edits);
  });

  it("counts edits per category over all 8 categories, and verdicts, reviews and the last import", async () => {
    const stats = await getHomeStats();
    expect(stats.categories).toHaveLength(8);
    expect(stats.categories.reduce((sum, c) => sum + c.edits, 0)).toBe(
      await count(`SELECT count(*) AS n FROM "Edit" WHERE "editTypeId" IS NOT NULL`),
    );
    expect(stats.judge.passed).toBe(await count(`SELECT count(*) AS n FROM "Judgement" WHERE "passed"`));
    expect(stats.effective.passed).toBe(
      await count(`SELECT count(*) AS n FROM "Edit" WHERE "effectiveVerdict" = 'PASS'`),
    );
    expect(stats.reviews.reviews).toBe(await count(`SELECT count(*) AS n FROM "Review"`));
    expect(stats.reviews.reviews).toBeGreaterThan(0);
    expect(stats.lastImport?.kind).toBe("DEMO");
    expect(stats.lastImport?.source).toMatch(/^demo --tasks \d+ --seed \d+$/);
  });

  it("counts an image added by another connection once the change has arrived", async () => {
    const before = await getHomeStats();
    await client.query(`INSERT INTO "Image" ("uri") VALUES ($1)`, [URI]);
    await caughtUp();
    const after = await getHomeStats();
    expect(after.totals.images).toBe(before.totals.images + 1);
    expect(after.totals.images).toBe(await count(`SELECT count(*) AS n FROM "Image"`));
  });

  it("counts a verdict changed by another connection once the change has arrived", async () => {
    const before = await getHomeStats();
    const edit = await count(`SELECT min("id") AS n FROM "Edit" WHERE "effectiveVerdict" = 'PASS'`);
    await client.query(`UPDATE "Edit" SET "effectiveVerdict" = 'FAIL' WHERE "id" = $1`, [edit]);
    try {
      await caughtUp();
      const after = await getHomeStats();
      expect(after.effective.passed).toBe(before.effective.passed - 1);
      expect(after.effective.judged).toBe(before.effective.judged);
    } finally {
      await client.query(`UPDATE "Edit" SET "effectiveVerdict" = 'PASS' WHERE "id" = $1`, [edit]);
    }
  });

  it("shows an import that another connection started as the last one", async () => {
    await getHomeStats();
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO "ImportBatch" ("kind", "source", "startedAt") VALUES ('SFT', $1, now() + interval '1 day') RETURNING "id"`,
      [URI],
    );
    try {
      await caughtUp();
      expect((await getHomeStats()).lastImport?.source).toBe(URI);
    } finally {
      await client.query(`DELETE FROM "ImportBatch" WHERE "id" = $1`, [rows[0]?.id]);
    }
  });
});

// Judge (first) against human (second) verdict of the edits that carry both.
const JUDGE_HUMAN = [
  ["passPass", "PASS", "PASS"],
  ["passFail", "PASS", "FAIL"],
  ["failPass", "FAIL", "PASS"],
  ["failFail", "FAIL", "FAIL"],
]
  .map(
    ([name, judge, human]) =>
      `count(*) FILTER (WHERE "judgeVerdict" = '${judge}' AND "humanVerdict" = '${human}')::int AS "${name}"`,
  )
  .join(", ");

describe("getTaxonomyStats", () => {
  it("has each type's edits, verdicts, judge against human and criterion sums as an aggregate over the edits counts them", async () => {
    const stats = await getTaxonomyStats();
    expect(stats).toHaveLength(8);
    const { rows } = await client.query<Record<string, number>>(`
      SELECT "editTypeId" AS type,
             count(*) FILTER (WHERE "origin" = 'SFT')::int AS sft,
             count(*) FILTER (WHERE "origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED'))::int AS preference,
             count(*) FILTER (WHERE "origin" = 'MULTI_TURN')::int AS "multiTurn",
             count("judgeVerdict")::int AS judged, count(*) FILTER (WHERE "judgeVerdict" = 'PASS')::int AS "judgePassed",
             count("effectiveVerdict")::int AS "effectiveJudged",
             count(*) FILTER (WHERE "effectiveVerdict" = 'PASS')::int AS "effectivePassed",
             count("humanVerdict")::int AS reviewed, count("compliance")::int AS scored,
             ${CRITERIA.map((c) => `coalesce(sum("${c}"), 0) AS "${c}"`).join(", ")},
             ${JUDGE_HUMAN}
      FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1`);
    const types = new Map(stats.flatMap((category) => category.types).map((type) => [type.id, type.figures]));
    expect(types.size).toBe(35);
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) {
      const figures = types.get(row.type as number);
      const { criterionSums, judgeHuman, ...counts } = figures ?? { criterionSums: {} };
      const {
        type: _type,
        compliance,
        realism,
        preservation,
        technical,
        passPass,
        passFail,
        failPass,
        failFail,
        ...expected
      } = row;
      expect(counts, `type ${row.type}`).toEqual(expected);
      expect(judgeHuman, `type ${row.type}`).toEqual({ passPass, passFail, failPass, failFail });
      const sums = { compliance, realism, preservation, technical };
      for (const criterion of CRITERIA)
        expect((criterionSums as Record<string, number>)[criterion]).toBeCloseTo(sums[criterion] as number, 6);
    }
    const total = rows.reduce((sum, row) => sum + (row.scored as number), 0);
    expect(stats.reduce((sum, category) => sum + category.figures.scored, 0)).toBe(total);
  });

  it("gives each type the paper's success rate where the paper has one", async () => {
    const types = (await getTaxonomyStats()).flatMap((category) => category.types);
    // Type ids are paper positions (lib/taxonomy/taxonomy.ts).
    expect(types.map((type) => type.paperSuccessRate)).toEqual(EDIT_TYPES.map((type) => type.paperSuccessRate));
    expect(types.filter((type) => type.paperSuccessRate !== null)).toHaveLength(13);
  });
});
