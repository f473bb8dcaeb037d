import "server-only";

import { db } from "../db";
import { CRITERIA, type Criterion } from "../scoring/scoring";
import { scoreTable } from "./score-table";
import { getTaxonomy } from "./taxonomy";

// Per edit type (and summed per category): edits by subset, judge and effective pass
// counts, reviewed edits, and the criteria of the newest judgements (sum and count, so
// that categories can average their types correctly).
export type TypeFigures = {
  sft: number;
  preference: number;
  multiTurn: number;
  judged: number;
  judgePassed: number;
  effectiveJudged: number;
  effectivePassed: number;
  reviewed: number;
  scored: number;
  criterionSums: Record<Criterion, number>;
};
export type TaxonomyStats = {
  id: number;
  name: string;
  figures: TypeFigures;
  types: { id: number; name: string; figures: TypeFigures }[];
}[];

const empty = (): TypeFigures => ({
  sft: 0,
  preference: 0,
  multiTurn: 0,
  judged: 0,
  judgePassed: 0,
  effectiveJudged: 0,
  effectivePassed: 0,
  reviewed: 0,
  scored: 0,
  criterionSums: { compliance: 0, realism: 0, preservation: 0, technical: 0 },
});

function add(into: TypeFigures, more: TypeFigures): TypeFigures {
  const sum = { ...into, criterionSums: { ...into.criterionSums } };
  for (const key of [
    "sft",
    "preference",
    "multiTurn",
    "judged",
    "judgePassed",
    "effectiveJudged",
    "effectivePassed",
    "reviewed",
    "scored",
  ] as const)
    sum[key] += more[key];
  for (const criterion of CRITERIA) sum.criterionSums[criterion] += more.criterionSums[criterion];
  return sum;
}

// Subset and verdict counts sum the trigger-kept EditFacetCount; the criteria come from the
// in-memory score table (lib/data/score-table.ts). Neither scans "Edit".
export async function getTaxonomyStats(): Promise<TaxonomyStats> {
  const [rows, table, taxonomy] = await Promise.all([
    db.$queryRaw<Record<string, number>[]>`
      SELECT "editTypeId" AS type,
             sum("count") FILTER (WHERE "origin" = 'SFT')::int AS sft,
             sum("count") FILTER (WHERE "origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED'))::int AS preference,
             sum("count") FILTER (WHERE "origin" = 'MULTI_TURN')::int AS "multiTurn",
             sum("count") FILTER (WHERE "judgeVerdict" <> 'none')::int AS judged,
             sum("count") FILTER (WHERE "judgeVerdict" = 'PASS')::int AS "judgePassed",
             sum("count") FILTER (WHERE "effectiveVerdict" <> 'none')::int AS "effectiveJudged",
             sum("count") FILTER (WHERE "effectiveVerdict" = 'PASS')::int AS "effectivePassed",
             sum("count") FILTER (WHERE "humanVerdict" <> 'none')::int AS reviewed
      FROM "EditFacetCount"
      WHERE "editTypeId" <> 0
      GROUP BY 1`,
    scoreTable(),
    getTaxonomy(),
  ]);
  const byType = new Map(
    rows.map((row) => {
      const n = (key: string) => Number(row[key] ?? 0);
      const type = n("type");
      const figures: TypeFigures = {
        sft: n("sft"),
        preference: n("preference"),
        multiTurn: n("multiTurn"),
        judged: n("judged"),
        judgePassed: n("judgePassed"),
        effectiveJudged: n("effectiveJudged"),
        effectivePassed: n("effectivePassed"),
        reviewed: n("reviewed"),
        scored: table.byType.get(type)?.scored ?? 0,
        criterionSums: table.byType.get(type)?.sums ?? empty().criterionSums,
      };
      return [type, figures];
    }),
  );
  return taxonomy.map((category) => {
    const types = category.types.map((type) => ({ ...type, figures: byType.get(type.id) ?? empty() }));
    return {
      id: category.id,
      name: category.name,
      figures: types.reduce((sum, type) => add(sum, type.figures), empty()),
      types,
    };
  });
}
