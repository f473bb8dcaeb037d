import "server-only";

import { db } from "../db";
import type { WhatIf } from "../schemas/what-if-params";
import { CRITERIA, overallScoreSql } from "../scoring/scoring";
import { OVERALL_BIN_COUNT, overallBinSql } from "../scoring/overall-bins";

// Overall scores per edit type: their histogram, and pass counts under another scoring
// rule. Both read the newest judgement's scores copied onto "Edit", in one scan each.

export type OverallHistogram = { typeId: number; bins: number[] };

// Edits per type and overall-score bin (lib/scoring/overall-bins.ts).
export async function getOverallHistograms(): Promise<OverallHistogram[]> {
  const rows = await db.$queryRawUnsafe<{ type: number; bin: number; edits: number }[]>(
    `SELECT e."editTypeId" AS type, ${overallBinSql('e."overall"')} AS bin, count(*)::int AS edits
     FROM "Edit" e
     WHERE e."editTypeId" IS NOT NULL AND e."overall" IS NOT NULL
     GROUP BY 1, 2`,
  );
  const byType = new Map<number, number[]>();
  for (const row of rows) {
    const bins = byType.get(row.type) ?? Array<number>(OVERALL_BIN_COUNT).fill(0);
    bins[row.bin - 1] = (bins[row.bin - 1] ?? 0) + row.edits;
    byType.set(row.type, bins);
  }
  return [...byType].map(([typeId, bins]) => ({ typeId, bins }));
}

// Scored edits (all four criteria present), how many of them the judge passed, and how
// many would pass under the rule.
export type PassCounts = { scored: number; judgePassed: number; whatIfPassed: number };
export type WhatIfCounts = PassCounts & { categoryId: number | null; typeId: number | null };
export type WhatIfResult = {
  total: PassCounts;
  categories: (PassCounts & { id: number })[];
  types: (PassCounts & { id: number; categoryId: number })[];
};

// One aggregate, grouped per type, per category and overall. Reads only: the what-if
// control calls it on every change of the sliders.
export async function countWhatIfPasses(rule: WhatIf): Promise<WhatIfResult> {
  const overall = overallScoreSql(
    (criterion) => `e."${criterion}"`,
    (criterion) => `$${CRITERIA.indexOf(criterion) + 1}::float8`,
  );
  const rows = await db.$queryRawUnsafe<WhatIfCounts[]>(
    `SELECT t."categoryId", e."editTypeId" AS "typeId", count(*)::int AS scored,
            count(*) FILTER (WHERE e."judgeVerdict" = 'PASS')::int AS "judgePassed",
            count(*) FILTER (WHERE ${overall} >= $5::float8)::int AS "whatIfPassed"
     FROM "Edit" e JOIN "EditType" t ON t."id" = e."editTypeId"
     WHERE ${CRITERIA.map((criterion) => `e."${criterion}" IS NOT NULL`).join(" AND ")}
     GROUP BY GROUPING SETS ((t."categoryId", e."editTypeId"), (t."categoryId"), ())`,
    ...CRITERIA.map((criterion) => rule.normalized[criterion]),
    rule.threshold,
  );
  const counts = ({ scored, judgePassed, whatIfPassed }: WhatIfCounts): PassCounts => ({
    scored,
    judgePassed,
    whatIfPassed,
  });
  const total = rows.find((row) => row.categoryId === null);
  return {
    total: total ? counts(total) : { scored: 0, judgePassed: 0, whatIfPassed: 0 },
    categories: rows.flatMap((row) =>
      row.categoryId !== null && row.typeId === null ? [{ id: row.categoryId, ...counts(row) }] : [],
    ),
    types: rows.flatMap((row) =>
      row.categoryId !== null && row.typeId !== null
        ? [{ id: row.typeId, categoryId: row.categoryId, ...counts(row) }]
        : [],
    ),
  };
}
