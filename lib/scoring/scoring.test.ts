import { describe, expect, it } from "vitest";

import {
  contributions,
  CRITERIA,
  normalizeWeights,
  overallScore,
  PASS_THRESHOLD,
  scoreEdit,
  ScoreError,
  WEIGHTS,
} from "./scoring";

const uniform = (value: number) => ({ compliance: value, realism: value, preservation: value, technical: value });

describe("weights and threshold", () => {
  it("are the paper's", () => {
    expect(WEIGHTS).toEqual({ compliance: 0.4, realism: 0.25, preservation: 0.2, technical: 0.15 });
    expect(PASS_THRESHOLD).toBe(0.7);
    expect(CRITERIA.reduce((sum, criterion) => sum + WEIGHTS[criterion], 0)).toBeCloseTo(1, 12);
  });
});

describe("overallScore", () => {
  it("weights each criterion", () => {
    expect(overallScore({ compliance: 1, realism: 0, preservation: 0, technical: 0 })).toBe(0.4);
    expect(overallScore({ compliance: 0, realism: 1, preservation: 0, technical: 0 })).toBe(0.25);
    expect(overallScore({ compliance: 0, realism: 0, preservation: 1, technical: 0 })).toBe(0.2);
    expect(overallScore({ compliance: 0, realism: 0, preservation: 0, technical: 1 })).toBe(0.15);
    expect(overallScore({ compliance: 0.9, realism: 0.8, preservation: 0.5, technical: 0.6 })).toBe(0.75);
  });

  it("gives exactly the threshold for scores that sum to it", () => {
    expect(overallScore(uniform(0.7))).toBe(0.7);
    expect(overallScore(uniform(0))).toBe(0);
    expect(overallScore(uniform(1))).toBe(1);
  });

  it("takes other weights for what-if analysis", () => {
    const scores = { compliance: 1, realism: 0, preservation: 0, technical: 0 };
    expect(overallScore(scores, { compliance: 1, realism: 0, preservation: 0, technical: 0 })).toBe(1);
  });
});

describe("scoreEdit at the threshold", () => {
  it("passes at 0.70 and fails at 0.6999", () => {
    expect(scoreEdit(uniform(0.7))).toEqual({ overall: 0.7, passed: true });
    expect(scoreEdit(uniform(0.6999))).toEqual({ overall: 0.6999, passed: false });
    expect(scoreEdit(uniform(0.70001)).passed).toBe(true);
  });

  it("uses another threshold when given one", () => {
    expect(scoreEdit(uniform(0.7), WEIGHTS, 0.8).passed).toBe(false);
  });
});

describe("bad scores", () => {
  it("names a score outside [0, 1]", () => {
    expect(() => overallScore({ ...uniform(0.5), realism: 1.2 })).toThrow(
      new ScoreError('criterion "realism" is 1.2, outside [0, 1]'),
    );
    expect(() => overallScore({ ...uniform(0.5), technical: -0.01 })).toThrow(/"technical" is -0.01, outside \[0, 1\]/);
  });

  it("names a missing criterion", () => {
    const { preservation: _dropped, ...partial } = uniform(0.5);
    expect(() => overallScore(partial)).toThrow(new ScoreError('missing criterion "preservation"'));
    expect(() => overallScore({ ...uniform(0.5), compliance: null })).toThrow(/missing criterion "compliance"/);
  });

  it("refuses what is not a number", () => {
    expect(() => overallScore({ ...uniform(0.5), compliance: Number.NaN })).toThrow(/"compliance" is not a number/);
    expect(() => overallScore({ ...uniform(0.5), compliance: "0.5" })).toThrow(/"compliance" is not a number/);
  });
});

describe("contributions", () => {
  it("are weight times score and add up to the overall", () => {
    const scores = { compliance: 0.9, realism: 0.8, preservation: 0.5, technical: 0.6 };
    expect(contributions(scores)).toEqual({ compliance: 0.36, realism: 0.2, preservation: 0.1, technical: 0.09 });
    const sum = Object.values(contributions(scores)).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(overallScore(scores), 9);
  });
});

describe("normalizeWeights", () => {
  it("scales weights to sum to 1 and keeps the paper's as they are", () => {
    expect(normalizeWeights({ compliance: 2, realism: 1, preservation: 1, technical: 0 })).toEqual({
      compliance: 0.5,
      realism: 0.25,
      preservation: 0.25,
      technical: 0,
    });
    expect(normalizeWeights(WEIGHTS)).toEqual(WEIGHTS);
  });

  it("refuses weights that are all 0 or negative", () => {
    expect(() => normalizeWeights({ compliance: 0, realism: 0, preservation: 0, technical: 0 })).toThrow(
      new ScoreError("weights must be non-negative and not all 0"),
    );
    expect(() => normalizeWeights({ compliance: 1, realism: -0.5, preservation: 0, technical: 0 })).toThrow(ScoreError);
  });
});
