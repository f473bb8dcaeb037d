import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { editFilterWhere } from "../sql/edit-filter";
import { CURRENT_RULE, whatIf, type WhatIf } from "../schemas/what-if-params";
import { CRITERIA, PASS_THRESHOLD, scoreEdit, WEIGHTS, type CriterionScores } from "../scoring/scoring";
import { OVERALL_BIN_COUNT, overallBinRange } from "../scoring/overall-bins";
import { caughtUp, closeChangeFeed } from "./changes";
import { countWhatIfPasses, getOverallHistograms, type PassCounts } from "./taxonomy-scores";

// The what-if counts and the histograms against the run's demo database, checked by
// computing the same figures in JS from the edits' own rows.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
type ScoredRow = CriterionScores & { type: number; category: number; judge: "PASS" | "FAIL" | null };
let scoredRows: ScoredRow[] = [];

// An edit whose weighted sum is 0.6999999999999998 before overallScore's rounding to 0.7,
// so it tells whether the SQL rounds as the JS does.
const EDGE_SCORES = { compliance: 0.69, realism: 0.94, preservation: 0.42, technical: 0.7 };
let edgeEditId: number;
const EDGE = `what-if edge ${process.pid}`;

beforeAll(async () => {
  await client.connect();
  const { rows } = await client.query<{ id: number }>(
    `WITH image AS (INSERT INTO "Image" ("uri") VALUES ($1) RETURNING "id"),
          task AS (INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash", "editTypeId")
                   SELECT "id", $1, $1, md5($1), 1 FROM image RETURNING "id")
     INSERT INTO "Edit" ("taskId", "outputImageId", "origin", "editTypeId", "judgeVerdict", "effectiveVerdict", "overall", "compliance", "realism", "preservation", "technical")
     SELECT task."id", image."id", 'SFT', 1, 'PASS', 'PASS', 0.7, $2, $3, $4, $5 FROM task, image RETURNING "id"`,
    [EDGE, ...CRITERIA.map((c) => EDGE_SCORES[c])],
  );
  edgeEditId = Number(rows[0]?.id);
  scoredRows = (
    await client.query<ScoredRow>(
      `SELECT e."editTypeId" AS type, t."categoryId" AS category, e."judgeVerdict" AS judge, ${CRITERIA.map((c) => `e."${c}"`).join(", ")}
       FROM "Edit" e JOIN "EditType" t ON t."id" = e."editTypeId"
       WHERE ${CRITERIA.map((c) => `e."${c}" IS NOT NULL`).join(" AND ")}`,
    )
  ).rows;
});

afterAll(async () => {
  await client.query(`DELETE FROM "Edit" WHERE "id" = $1`, [edgeEditId]);
  await client.query(`DELETE FROM "Task" WHERE "longInstruction" = $1`, [EDGE]);
  await client.query(`DELETE FROM "Image" WHERE "uri" = $1`, [EDGE]);
  await client.end();
  await closeChangeFeed();
});

// What the what-if counts must be, per type, from the rows and lib/scoring alone.
function expectedByType(rule: WhatIf): Map<number, PassCounts> {
  const byType = new Map<number, PassCounts>();
  for (const row of scoredRows) {
    const counts = byType.get(row.type) ?? { scored: 0, judgePassed: 0, whatIfPassed: 0 };
    counts.scored += 1;
    if (row.judge === "PASS") counts.judgePassed += 1;
    if (scoreEdit(row, rule.normalized, rule.threshold).passed) counts.whatIfPassed += 1;
    byType.set(row.type, counts);
  }
  return byType;
}

async function countsByType(rule: WhatIf): Promise<Map<number, PassCounts>> {
  const result = await countWhatIfPasses(rule);
  return new Map(
    result.types.map(({ id, scored, judgePassed, whatIfPassed }) => [id, { scored, judgePassed, whatIfPassed }]),
  );
}

describe("countWhatIfPasses", () => {
  it("under the current rule passes exactly the scored edits the judge passed", async () => {
    expect(scoredRows.length).toBeGreaterThan(50);
    const result = await countWhatIfPasses(CURRENT_RULE);
    const byType = await countsByType(CURRENT_RULE);
    expect(byType.get(1)?.whatIfPassed).toBeGreaterThan(0);
    for (const counts of byType.values()) expect(counts.whatIfPassed).toBe(counts.judgePassed);
    const stored = await client.query<{ type: number; scored: number; passed: number }>(
      `SELECT "editTypeId" AS type, count(*)::int AS scored, count(*) FILTER (WHERE "judgeVerdict" = 'PASS')::int AS passed
       FROM "Edit" WHERE "editTypeId" IS NOT NULL AND ${CRITERIA.map((c) => `"${c}" IS NOT NULL`).join(" AND ")} GROUP BY 1`,
    );
    expect(byType).toEqual(
      new Map(
        stored.rows.map((row) => [row.type, { scored: row.scored, judgePassed: row.passed, whatIfPassed: row.passed }]),
      ),
    );
    const passed = scoredRows.filter((row) => row.judge === "PASS").length;
    expect(result.total).toEqual({ scored: scoredRows.length, judgePassed: passed, whatIfPassed: passed });
  });

  it("counts the edge edit at exactly the threshold as passing", async () => {
    expect(scoreEdit(EDGE_SCORES)).toEqual({ overall: 0.7, passed: true });
    const withEdge = (await countsByType(CURRENT_RULE)).get(1);
    await client.query(`UPDATE "Edit" SET "compliance" = NULL WHERE "id" = $1`, [edgeEditId]);
    await caughtUp();
    const withoutEdge = (await countsByType(CURRENT_RULE)).get(1);
    await client.query(`UPDATE "Edit" SET "compliance" = $2 WHERE "id" = $1`, [edgeEditId, EDGE_SCORES.compliance]);
    await caughtUp();
    expect(withEdge?.whatIfPassed).toBe((withoutEdge?.whatIfPassed ?? 0) + 1);
  });

  it.each([
    ["a lower threshold", whatIf(0.55, WEIGHTS)],
    ["a higher threshold", whatIf(0.82, WEIGHTS)],
    ["other weights", whatIf(PASS_THRESHOLD, { compliance: 1, realism: 0, preservation: 3, technical: 0 })],
    ["other weights and threshold", whatIf(0.6, { compliance: 2, realism: 1, preservation: 1, technical: 0 })],
  ])("under %s counts what scoring each row in JS counts", async (_, rule) => {
    const byType = await countsByType(rule);
    expect(byType).toEqual(expectedByType(rule));
    expect([...byType.values()].some((counts) => counts.whatIfPassed !== counts.judgePassed)).toBe(true);
  });

  it("sums types into categories and the total", async () => {
    const rule = whatIf(0.6, WEIGHTS);
    const result = await countWhatIfPasses(rule);
    const expected = expectedByType(rule);
    const categoryOf = new Map(scoredRows.map((row) => [row.type, row.category]));
    for (const category of result.categories) {
      const types = [...expected].filter(([type]) => categoryOf.get(type) === category.id).map(([, counts]) => counts);
      expect(category.scored).toBe(types.reduce((sum, counts) => sum + counts.scored, 0));
      expect(category.whatIfPassed).toBe(types.reduce((sum, counts) => sum + counts.whatIfPassed, 0));
    }
    expect(result.categories.reduce((sum, category) => sum + category.whatIfPassed, 0)).toBe(result.total.whatIfPassed);
    expect(result.types.every((type) => categoryOf.get(type.id) === type.categoryId)).toBe(true);
  });
});

describe("getOverallHistograms", () => {
  it("puts each type's scored edits in 20 bins, each bin the edits its gallery range selects", async () => {
    const histograms = await getOverallHistograms();
    expect(histograms.length).toBeGreaterThan(10);
    for (const { typeId, bins } of histograms.slice(0, 5)) {
      expect(bins).toHaveLength(OVERALL_BIN_COUNT);
      for (let bin = 0; bin < OVERALL_BIN_COUNT; bin++) {
        const where = editFilterWhere({ types: [typeId], overall: overallBinRange(bin) });
        const { rows } = await client.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM "Edit" e WHERE ${where.text}`,
          where.values,
        );
        expect(bins[bin], `type ${typeId}, bin ${bin}`).toBe(rows[0]?.n);
      }
    }
  });

  it("has the judge's passes in the bins from the threshold up", async () => {
    const histograms = new Map((await getOverallHistograms()).map(({ typeId, bins }) => [typeId, bins]));
    const firstPassing = Math.round(PASS_THRESHOLD * OVERALL_BIN_COUNT);
    for (const [type, counts] of expectedByType(CURRENT_RULE)) {
      const bins = histograms.get(type) ?? [];
      expect(bins.slice(firstPassing).reduce((sum, n) => sum + n, 0)).toBe(counts.judgePassed);
    }
  });
});
