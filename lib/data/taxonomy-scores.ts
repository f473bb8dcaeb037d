import "server-only";

import type { WhatIf } from "../schemas/what-if-params";
import { OVERALL_BIN_COUNT } from "../scoring/overall-bins";
import { CATEGORY_ID_BY_TYPE_ID } from "../taxonomy/taxonomy";
import { allEditsCube } from "./edits";
import { countPasses, scoreTable } from "./score-table";

// Overall scores per edit type: their histogram, and pass counts under another scoring
// rule. Neither scans "Edit": the histogram sums the cube of all edits, the
// pass counts loop over the in-memory score table (lib/data/score-table.ts).

export type OverallHistogram = { typeId: number; bins: number[] };

// Edits per type and overall-score bin (lib/scoring/overall-bins.ts), from the cube of all
// edits; unscored edits have no bin.
export async function getOverallHistograms(): Promise<OverallHistogram[]> {
  const rows = (await allEditsCube()).flatMap((row) =>
    row.type !== null && row.bin !== null ? [{ type: row.type, bin: row.bin, edits: Number(row.count) }] : [],
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
export type WhatIfResult = {
  total: PassCounts;
  categories: (PassCounts & { id: number })[];
  types: (PassCounts & { id: number; categoryId: number })[];
};

const sum = (into: PassCounts, more: PassCounts): PassCounts => ({
  scored: into.scored + more.scored,
  judgePassed: into.judgePassed + more.judgePassed,
  whatIfPassed: into.whatIfPassed + more.whatIfPassed,
});
const none = (): PassCounts => ({ scored: 0, judgePassed: 0, whatIfPassed: 0 });

// Per type, per category and overall. Reads only: the what-if control calls it on every
// change of the sliders.
export async function countWhatIfPasses(rule: WhatIf): Promise<WhatIfResult> {
  const table = await scoreTable();
  const passes = countPasses(table, rule);
  const types = [...table.byType]
    .sort(([a], [b]) => a - b)
    .map(([id, { scored, judgePassed }]) => ({
      id,
      categoryId: CATEGORY_ID_BY_TYPE_ID.get(id) ?? 0,
      scored,
      judgePassed,
      whatIfPassed: passes.get(id) ?? 0,
    }));
  const categories = new Map<number, PassCounts>();
  for (const type of types) categories.set(type.categoryId, sum(categories.get(type.categoryId) ?? none(), type));
  return {
    total: types.reduce(sum, none()),
    categories: [...categories].sort(([a], [b]) => a - b).map(([id, counts]) => ({ id, ...counts })),
    types,
  };
}
