import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import type { EditFilter } from "../schemas/edit-filter";
import { CRITERIA } from "../scoring/scoring";
import { editFilterWhere } from "./edit-filter";

// The builder against the run's demo database, each filter checked against an oracle
// that applies the same meaning in plain code to every edit fetched whole.
type Row = {
  id: number;
  typeId: number | null;
  categoryId: number | null;
  origin: string;
  judge: string | null;
  human: string | null;
  effective: string | null;
  overall: number | null;
  batch: number | null;
  short: string;
  source: number;
  sequences: number[];
} & Record<(typeof CRITERIA)[number], number | null>;

const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
let edits: Row[] = [];

beforeAll(async () => {
  await client.connect();
  edits = (
    await client.query<Row>(`
      SELECT e."id", e."editTypeId" AS "typeId", et."categoryId" AS "categoryId", e."origin", e."judgeVerdict" AS judge, e."humanVerdict" AS human,
             e."effectiveVerdict" AS effective, e."overall", e."importBatchId" AS batch, t."shortInstruction" AS short,
             t."sourceImageId" AS source, j."compliance", j."realism", j."preservation", j."technical",
             COALESCE((SELECT array_agg(st."sequenceId") FROM "SequenceTurn" st WHERE st."editId" = e."id"), '{}') AS sequences
      FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
      LEFT JOIN LATERAL (SELECT * FROM "Judgement" j WHERE j."editId" = e."id" ORDER BY j."createdAt" DESC, j."id" DESC LIMIT 1) j ON true
      ORDER BY e."id"`)
  ).rows;
});
afterAll(() => client.end());

const SUBSET_OF: Record<string, string> = {
  SFT: "sft",
  PREFERENCE_CHOSEN: "preference",
  PREFERENCE_REJECTED: "preference",
  MULTI_TURN: "multi-turn",
};
const verdictMatches = (value: string | null, wanted?: string) =>
  wanted === undefined || (wanted === "none" ? value === null : value === wanted.toUpperCase());
const inRange = (value: number | null, range?: { min?: number; max?: number }) =>
  range === undefined ||
  (value !== null &&
    (range.min === undefined || value >= range.min) &&
    (range.max === undefined || value <= range.max));

function oracle(filter: EditFilter): number[] {
  return edits
    .filter(
      (e) =>
        (!filter.types?.length || (e.typeId !== null && filter.types.includes(e.typeId))) &&
        (!filter.categories?.length || (e.categoryId !== null && filter.categories.includes(e.categoryId))) &&
        (!filter.subsets?.length || filter.subsets.includes(SUBSET_OF[e.origin] as never)) &&
        verdictMatches(e.judge, filter.judge) &&
        verdictMatches(e.human, filter.human) &&
        verdictMatches(e.effective, filter.effective) &&
        inRange(e.overall, filter.overall) &&
        CRITERIA.every((c) => inRange(e[c], filter[c])) &&
        (filter.reviewed === undefined || (e.human !== null) === filter.reviewed) &&
        (filter.q === undefined || e.short.toLowerCase().includes(filter.q.toLowerCase())) &&
        (filter.source === undefined || e.source === filter.source) &&
        (filter.sequence === undefined || e.sequences.includes(filter.sequence)) &&
        (filter.batch === undefined || e.batch === filter.batch),
    )
    .map((e) => e.id);
}

async function run(filter: EditFilter): Promise<number[]> {
  const where = editFilterWhere(filter);
  const { rows } = await client.query<{ id: number }>(
    `SELECT e."id" FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" WHERE ${where.text} ORDER BY e."id"`,
    where.values,
  );
  return rows.map((row) => row.id);
}

describe("editFilterWhere", () => {
  it("selects every edit with an empty filter", async () => {
    expect(await run({})).toEqual(edits.map((e) => e.id));
  });

  it("filters on each field as the oracle does, with results that are neither empty nor everything", async () => {
    const some = edits.find((e) => e.typeId !== null && e.sequences.length > 0) as Row;
    const word = (edits[0]?.short.split(" ")[1] ?? "the").toLowerCase();
    const filters: EditFilter[] = [
      { types: [some.typeId as number] },
      { categories: [some.categoryId as number] },
      { subsets: ["sft"] },
      { subsets: ["preference", "multi-turn"] },
      { judge: "pass" },
      { judge: "fail" },
      { human: "fail" },
      { human: "none" },
      { effective: "pass" },
      { overall: { min: 0.7 } },
      { overall: { min: 0.6, max: 0.75 } },
      { compliance: { max: 0.5 } },
      { technical: { min: 0.9 } },
      { reviewed: true },
      { reviewed: false },
      { q: word.toUpperCase() },
      { source: edits[0]?.source as number },
      { sequence: some.sequences[0] as number },
      { subsets: ["preference"], effective: "fail", overall: { max: 0.7 } },
      { categories: [some.categoryId as number], judge: "pass", reviewed: false },
    ];
    for (const filter of filters) {
      const expected = oracle(filter);
      expect(await run(filter), JSON.stringify(filter)).toEqual(expected);
      expect(expected.length, JSON.stringify(filter)).toBeGreaterThan(0);
      expect(expected.length, JSON.stringify(filter)).toBeLessThan(edits.length);
    }
  });

  it("gives nothing, not everything, when nothing matches, and treats % and _ in text as text", async () => {
    expect(await run({ q: "no instruction says this" })).toEqual([]);
    expect(await run({ q: "%" })).toEqual(oracle({ q: "%" }));
    expect(await run({ q: "_" })).toEqual(oracle({ q: "_" }));
    expect(await run({ types: [1, 2], q: "zzzz" })).toEqual([]);
    expect(await run({ batch: 999_999 })).toEqual([]);
  });

  it("can say that a score filter keeps only judged edits, because the database refuses scores without a verdict", async () => {
    expect(editFilterWhere({ compliance: { max: 0.5 } }).text).toBe(
      `e."compliance" <= $1 AND e."judgeVerdict" IS NOT NULL`,
    );
    await expect(
      client.query(
        `UPDATE "Edit" SET "judgeVerdict" = NULL WHERE "id" = (SELECT min("id") FROM "Edit" WHERE "compliance" IS NOT NULL)`,
      ),
    ).rejects.toThrow(/violates check constraint "Edit_scores_need_verdict"/);
  });

  it("keeps the edits where the named judges' verdicts differ, among those every one of them judged", async () => {
    // Two more judges over the demo judge's first twelve edits: "second" gives the
    // opposite verdict on every third, "third" judges only the first six, all passed.
    const judged = (
      await client.query<{ editId: number; passed: boolean }>(
        `SELECT "editId", "passed" FROM "Judgement" WHERE "judge" = 'demo-judge' ORDER BY "editId" LIMIT 12`,
      )
    ).rows;
    expect(judged).toHaveLength(12);
    const second = judged.map((row, index) => ({ ...row, passed: index % 3 === 0 ? !row.passed : row.passed }));
    await client.query(
      `INSERT INTO "Judgement" ("editId", "judge", "passed")
       SELECT e, j, p FROM unnest($1::int[], $2::text[], $3::bool[]) AS t(e, j, p)`,
      [
        [...second.map((row) => row.editId), ...judged.slice(0, 6).map((row) => row.editId)],
        [...second.map(() => "second"), ...judged.slice(0, 6).map(() => "third")],
        [...second.map((row) => row.passed), ...judged.slice(0, 6).map(() => true)],
      ],
    );
    try {
      // The edits (all judged by every one of rows) on which the rows' verdicts differ.
      const differing = (...rows: { editId: number; passed: boolean }[][]) =>
        rows[0]!
          .filter((_, index) => new Set(rows.map((other) => other[index]!.passed)).size > 1)
          .map((row) => row.editId);
      expect(await run({ disagree: ["demo-judge", "second"] })).toEqual(differing(judged, second));
      expect(await run({ disagree: ["second", "demo-judge"] })).toEqual(differing(judged, second));
      const third = judged.slice(0, 6).map((row) => ({ ...row, passed: true }));
      expect(await run({ disagree: ["demo-judge", "second", "third"] })).toEqual(
        differing(judged.slice(0, 6), second.slice(0, 6), third),
      );
      expect(await run({ disagree: ["demo-judge", "nobody"] })).toEqual([]);
    } finally {
      await client.query(`DELETE FROM "Judgement" WHERE "judge" IN ('second', 'third')`);
    }
  });

  it("numbers its parameters from where the caller's query leaves off", () => {
    expect(editFilterWhere({ judge: "pass", overall: { min: 0.5 } }, 3)).toEqual({
      text: `e."judgeVerdict" = $3::"Verdict" AND e."overall" >= $4`,
      values: ["PASS", 0.5],
      usesTask: false,
    });
  });
});
