// Agreement between two raters of pass/fail verdicts, and between two sets of scores: the
// figures of /review/stats. Counts and values in, numbers out; null where a figure is
// undefined (no items, a constant series, a kappa whose chance agreement is already 1).

// Two raters' verdicts on the same items: the first rater's verdict, then the second's.
export type AgreementTable = { passPass: number; passFail: number; failPass: number; failFail: number };

export const emptyTable = (): AgreementTable => ({ passPass: 0, passFail: 0, failPass: 0, failFail: 0 });

export const addTables = (a: AgreementTable, b: AgreementTable): AgreementTable => ({
  passPass: a.passPass + b.passPass,
  passFail: a.passFail + b.passFail,
  failPass: a.failPass + b.failPass,
  failFail: a.failFail + b.failFail,
});

export const tableTotal = (t: AgreementTable): number => t.passPass + t.passFail + t.failPass + t.failFail;

export const agreed = (t: AgreementTable): number => t.passPass + t.failFail;

// The share of items both raters gave the same verdict.
export function accuracy(t: AgreementTable): number | null {
  const n = tableTotal(t);
  return n === 0 ? null : agreed(t) / n;
}

// Cohen's kappa: agreement beyond what the raters' own pass rates give by chance,
// (p_o - p_e) / (1 - p_e). Computed on counts (both terms times n²) so that p_e = 1, where
// both raters gave every item the one same verdict and kappa is undefined, is exact.
export function cohensKappa(t: AgreementTable): number | null {
  const n = tableTotal(t);
  const chance =
    (t.passPass + t.passFail) * (t.passPass + t.failPass) + (t.failPass + t.failFail) * (t.passFail + t.failFail);
  if (n === 0 || chance === n * n) return null;
  return (n * agreed(t) - chance) / (n * n - chance);
}

// The rank of each value from 1, tied values sharing the mean of the ranks they span.
export function averageRanks(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  // Equal values sit together in sorted order: the run from first to position holds ranks
  // first + 1 to position + 1, whose mean is each one's rank.
  const rankOf = new Map<number, number>();
  let first = 0;
  sorted.forEach((value, position) => {
    if (value !== sorted[first]) first = position;
    rankOf.set(value, (first + position) / 2 + 1);
  });
  return values.map((value) => rankOf.get(value) as number);
}

function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  const meanX = x.reduce((sum, v) => sum + v, 0) / n;
  const meanY = y.reduce((sum, v) => sum + v, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - meanX;
    const dy = (y[i] as number) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  return varianceX === 0 || varianceY === 0 ? null : covariance / Math.sqrt(varianceX * varianceY);
}

const checkPaired = (x: readonly number[], y: readonly number[]) => {
  if (x.length !== y.length) throw new RangeError(`paired series differ in length: ${x.length} and ${y.length}`);
};

// Spearman's rank correlation: Pearson's on average ranks, which handles ties; null for
// fewer than two pairs or a series whose values are all equal.
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  if (x.length < 2) return null;
  return pearson(averageRanks(x), averageRanks(y));
}

// The mean of |x_i - y_i|.
export function meanAbsoluteDifference(x: readonly number[], y: readonly number[]): number | null {
  checkPaired(x, y);
  if (x.length === 0) return null;
  return x.reduce((sum, value, i) => sum + Math.abs(value - (y[i] as number)), 0) / x.length;
}
