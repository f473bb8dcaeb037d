import type { ScoreRange } from "../schemas/edit-filter";

// The bins of the overall-score histograms: 20 of width 0.05 over [0, 1], each holding
// lower <= overall < upper, the last one also 1. Lower bounds are i / 20, the same double
// as the decimal "0.05" a gallery link carries, so a bin and its link count the same edits.
export const OVERALL_BIN_COUNT = 20;
export const OVERALL_BIN_LOWER_BOUNDS = Array.from({ length: OVERALL_BIN_COUNT }, (_, bin) => bin / OVERALL_BIN_COUNT);

// The bin of an overall score as SQL, 1 to OVERALL_BIN_COUNT (a score of exactly 1 goes in the
// last), NULL for an edit without a score: the expression of the facet-count trigger on "Edit"
// (which stores NULL as 0), so that counts read from EditFacetCount and counts of a filtered
// scan agree. On overall scores (9 decimals) it matches the lower bounds above at every bin
// edge. LEAST alone would not do: it ignores NULLs, and least(NULL, 20) is 20.
export const overallBinSql = (column: string) =>
  `CASE WHEN ${column} IS NOT NULL THEN least(width_bucket(${column}, 0, 1, ${OVERALL_BIN_COUNT}), ${OVERALL_BIN_COUNT}) END`;

// A bin as the gallery's (inclusive) overall range. Overall scores are rounded to 9
// decimals (lib/scoring/scoring.ts), so "at most upper - 1e-9" is "below upper".
export function overallBinRange(bin: number): ScoreRange {
  if (!Number.isInteger(bin) || bin < 0 || bin >= OVERALL_BIN_COUNT)
    throw new RangeError(`bin ${bin} is not one of 0..${OVERALL_BIN_COUNT - 1}`);
  const max = bin === OVERALL_BIN_COUNT - 1 ? 1 : Number(((bin + 1) / OVERALL_BIN_COUNT - 1e-9).toFixed(9));
  return { min: OVERALL_BIN_LOWER_BOUNDS[bin], max };
}
