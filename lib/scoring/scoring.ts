// The judge's scoring rule, in one place. Overall score and pass/fail are computed here
// and nowhere else. Source: Pico-Banana-400K paper (arXiv 2510.19808), section 3.

export const CRITERIA = ["compliance", "realism", "preservation", "technical"] as const;
export type Criterion = (typeof CRITERIA)[number];
// Every score an edit can carry: the weighted overall and the criteria.
export const SCORE_KEYS = ["overall", ...CRITERIA] as const;
export type ScoreKey = (typeof SCORE_KEYS)[number];
export type CriterionScores = Record<Criterion, number>;
export type Weights = Record<Criterion, number>;

export const CRITERION_LABELS: Record<Criterion, string> = {
  compliance: "Instruction compliance",
  realism: "Editing realism",
  preservation: "Preservation balance",
  technical: "Technical quality",
};

export const WEIGHTS: Weights = {
  compliance: 0.4,
  realism: 0.25,
  preservation: 0.2,
  technical: 0.15,
};

export const PASS_THRESHOLD = 0.7;

export class ScoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ScoreError";
  }
}

function checkScores(scores: Partial<Record<Criterion, unknown>>): CriterionScores {
  for (const criterion of CRITERIA) {
    const value = scores[criterion];
    if (value === undefined || value === null) throw new ScoreError(`missing criterion "${criterion}"`);
    if (typeof value !== "number" || !Number.isFinite(value))
      throw new ScoreError(`criterion "${criterion}" is not a number: ${String(value)}`);
    if (value < 0 || value > 1) throw new ScoreError(`criterion "${criterion}" is ${value}, outside [0, 1]`);
  }
  return scores as CriterionScores;
}

// Weighted sum, rounded to 9 decimals: that removes floating-point noise (0.4 * 0.7 + ...
// giving 0.69999999999) without moving any real score across the threshold.
export function overallScore(scores: Partial<Record<Criterion, unknown>>, weights: Weights = WEIGHTS): number {
  const checked = checkScores(scores);
  return overallScorer(weights)(checked.compliance, checked.realism, checked.preservation, checked.technical);
}

// overallScore under fixed weights for scores already checked, one argument per criterion
// in CRITERIA order: for scoring many edits in a loop without building an object each.
export function overallScorer(
  weights: Weights,
): (compliance: number, realism: number, preservation: number, technical: number) => number {
  const { compliance: wc, realism: wr, preservation: wp, technical: wt } = weights;
  return (compliance, realism, preservation, technical) =>
    Math.round((wc * compliance + wr * realism + wp * preservation + wt * technical) * 1e9) / 1e9;
}

// Weights scaled to sum to 1, so that any four non-negative numbers (slider positions,
// say) are a weighting. Weights that already sum to 1 come back unchanged.
export function normalizeWeights(weights: Weights): Weights {
  const sum = CRITERIA.reduce((total, criterion) => total + weights[criterion], 0);
  if (!(sum > 0) || CRITERIA.some((criterion) => !(weights[criterion] >= 0)))
    throw new ScoreError("weights must be non-negative and not all 0");
  return Object.fromEntries(CRITERIA.map((criterion) => [criterion, weights[criterion] / sum])) as Weights;
}

export function isPassing(overall: number, threshold: number = PASS_THRESHOLD): boolean {
  return overall >= threshold;
}

export type Scored = { overall: number; passed: boolean };

export function scoreEdit(
  scores: Partial<Record<Criterion, unknown>>,
  weights: Weights = WEIGHTS,
  threshold: number = PASS_THRESHOLD,
): Scored {
  const overall = overallScore(scores, weights);
  return { overall, passed: isPassing(overall, threshold) };
}

// Each criterion's share of the overall score (weight times score), for the breakdown.
export function contributions(
  scores: Partial<Record<Criterion, unknown>>,
  weights: Weights = WEIGHTS,
): CriterionScores {
  const checked = checkScores(scores);
  return Object.fromEntries(
    CRITERIA.map((criterion) => [criterion, Math.round(weights[criterion] * checked[criterion] * 1e9) / 1e9]),
  ) as CriterionScores;
}
