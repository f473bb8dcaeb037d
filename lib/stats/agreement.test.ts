import { describe, expect, it } from "vitest";

import {
  accuracy,
  addTables,
  averageRanks,
  cohensKappa,
  emptyTable,
  meanAbsoluteDifference,
  spearman,
  tableTotal,
  type AgreementTable,
} from "./agreement";

const table = (passPass: number, passFail: number, failPass: number, failFail: number): AgreementTable => ({
  passPass,
  passFail,
  failPass,
  failFail,
});

describe("accuracy", () => {
  it("is the share of items with the same verdict from both raters", () => {
    expect(accuracy(table(20, 5, 10, 15))).toBe(0.7);
    expect(accuracy(table(0, 3, 1, 0))).toBe(0);
  });

  it("is null without items", () => {
    expect(accuracy(emptyTable())).toBeNull();
  });
});

describe("cohensKappa", () => {
  // Wikipedia's "Cohen's kappa" examples, by hand: p_o = 35/50 = 0.7, p_e = 0.5·0.6 + 0.5·0.4 = 0.5.
  it("is 0.4 for 20 yes-yes, 5 yes-no, 10 no-yes and 15 no-no", () => {
    expect(cohensKappa(table(20, 5, 10, 15))).toBeCloseTo(0.4, 12);
  });

  // p_o = 0.6 both; p_e = 0.6·0.7 + 0.4·0.3 = 0.54 against 0.6·0.3 + 0.4·0.7 = 0.46: the same
  // agreement counts for less when the raters' marginals are alike.
  it("weighs the same agreement by the raters' marginals", () => {
    expect(cohensKappa(table(45, 15, 25, 15))).toBeCloseTo(0.06 / 0.46, 12);
    expect(cohensKappa(table(25, 35, 5, 35))).toBeCloseTo(0.14 / 0.54, 12);
  });

  it("is 1 for full agreement and -1 for full disagreement with balanced marginals", () => {
    expect(cohensKappa(table(7, 0, 0, 3))).toBe(1);
    expect(cohensKappa(table(0, 4, 4, 0))).toBe(-1);
  });

  it("is 0 when one rater passes everything and agreement is what chance gives", () => {
    // Rater 2 passes all 5; p_o = 3/5 = p_e.
    expect(cohensKappa(table(3, 0, 2, 0))).toBe(0);
  });

  it("is null where chance agreement is 1 (both raters gave every item one verdict), and without items", () => {
    expect(cohensKappa(table(12, 0, 0, 0))).toBeNull();
    expect(cohensKappa(table(0, 0, 0, 4))).toBeNull();
    expect(cohensKappa(emptyTable())).toBeNull();
  });
});

describe("tables", () => {
  it("add cell by cell and total their cells", () => {
    const sum = addTables(table(1, 2, 3, 4), table(10, 20, 30, 40));
    expect(sum).toEqual(table(11, 22, 33, 44));
    expect(tableTotal(sum)).toBe(110);
  });
});

describe("averageRanks", () => {
  it("ranks from 1, ties sharing the mean of their ranks", () => {
    expect(averageRanks([10, 30, 20])).toEqual([1, 3, 2]);
    expect(averageRanks([5, 6, 7, 8, 7])).toEqual([1, 2, 3.5, 5, 3.5]);
    expect(averageRanks([0.5, 0.5, 0.5])).toEqual([2, 2, 2]);
    expect(averageRanks([2, 1, 2, 1, 3])).toEqual([3.5, 1.5, 3.5, 1.5, 5]);
    expect(averageRanks([])).toEqual([]);
  });
});

describe("spearman", () => {
  // Wikipedia's "Spearman's rank correlation coefficient" example (IQ against hours of TV a
  // week), no ties: 1 - 6·194 / (10·99) = -29/165.
  it("matches the textbook example without ties", () => {
    const iq = [106, 100, 86, 101, 99, 103, 97, 113, 112, 110];
    const tv = [7, 27, 2, 50, 28, 29, 20, 12, 6, 17];
    expect(spearman(iq, tv)).toBeCloseTo(-29 / 165, 12);
  });

  // Ranks [1..5] and [1, 2, 3.5, 5, 3.5]: deviations [-2, -1, 0, 1, 2] and [-2, -1, 0.5, 2, 0.5],
  // so 8 / sqrt(10 · 9.5). The no-ties formula would give 1 - 6·1.5/120 = 0.925 instead.
  it("uses average ranks for ties", () => {
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 12);
  });

  it("is 1 and -1 for monotone series, whatever their spacing", () => {
    expect(spearman([0.1, 0.2, 0.9], [0.3, 0.31, 0.8])).toBeCloseTo(1, 12);
    expect(spearman([0.1, 0.2, 0.9], [0.9, 0.5, 0.45])).toBeCloseTo(-1, 12);
  });

  it("is null for fewer than two pairs or a constant series", () => {
    expect(spearman([], [])).toBeNull();
    expect(spearman([0.4], [0.6])).toBeNull();
    expect(spearman([0.7, 0.7, 0.7], [0.1, 0.5, 0.9])).toBeNull();
  });

  it("refuses series of different lengths", () => {
    expect(() => spearman([1, 2], [1])).toThrow(RangeError);
  });
});

describe("meanAbsoluteDifference", () => {
  it("is the mean of the absolute differences", () => {
    expect(meanAbsoluteDifference([0.5, 0.8, 0.2], [0.7, 0.8, 0.1])).toBeCloseTo(0.1, 12);
    expect(meanAbsoluteDifference([1, 2], [3, 0])).toBe(2);
  });

  it("is null without pairs, and refuses series of different lengths", () => {
    expect(meanAbsoluteDifference([], [])).toBeNull();
    expect(() => meanAbsoluteDifference([1], [])).toThrow(RangeError);
  });
});
