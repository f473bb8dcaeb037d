import "server-only";

import { db } from "../db";
import { CRITERIA, type Criterion } from "../scoring/scoring";
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

export async function getTaxonomyStats(): Promise<TaxonomyStats> {
  const rows = await db.$queryRawUnsafe<Record<string, number | bigint | null>[]>(`
    SELECT e."editTypeId" AS type,
           count(*) FILTER (WHERE e."origin" = 'SFT') AS sft,
           count(*) FILTER (WHERE e."origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED')) AS preference,
           count(*) FILTER (WHERE e."origin" = 'MULTI_TURN') AS "multiTurn",
           count(e."judgeVerdict") AS judged, count(*) FILTER (WHERE e."judgeVerdict" = 'PASS') AS "judgePassed",
           count(e."effectiveVerdict") AS "effectiveJudged", count(*) FILTER (WHERE e."effectiveVerdict" = 'PASS') AS "effectivePassed",
           count(e."humanVerdict") AS reviewed, count(e."compliance") AS scored,
           ${CRITERIA.map((c) => `coalesce(sum(e."${c}"), 0) AS "${c}"`).join(", ")}
    FROM "Edit" e
    WHERE e."editTypeId" IS NOT NULL
    GROUP BY e."editTypeId"`);
  const byType = new Map(
    rows.map((row) => {
      const n = (key: string) => Number(row[key] ?? 0);
      const figures: TypeFigures = {
        sft: n("sft"),
        preference: n("preference"),
        multiTurn: n("multiTurn"),
        judged: n("judged"),
        judgePassed: n("judgePassed"),
        effectiveJudged: n("effectiveJudged"),
        effectivePassed: n("effectivePassed"),
        reviewed: n("reviewed"),
        scored: n("scored"),
        criterionSums: Object.fromEntries(CRITERIA.map((c) => [c, n(c)])) as Record<Criterion, number>,
      };
      return [n("type"), figures];
    }),
  );
  return (await getTaxonomy()).map((category) => {
    const types = category.types.map((type) => ({ ...type, figures: byType.get(type.id) ?? empty() }));
    return {
      id: category.id,
      name: category.name,
      figures: types.reduce((sum, type) => add(sum, type.figures), empty()),
      types,
    };
  });
}
