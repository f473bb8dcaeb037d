import { z } from "zod";

import { CRITERIA, normalizeWeights, PASS_THRESHOLD, WEIGHTS, type Criterion, type Weights } from "../scoring/scoring";
import type { ParamProblem } from "./edit-filter-params";
import { checkParams } from "./page-params";

// A what-if scoring rule as URL search params, for /taxonomy and GET /api/taxonomy/what-if:
//   threshold=0.65  w_compliance=0.5  w_realism=0.2  w_preservation=0.2  w_technical=0.1
// Weights are any non-negative numbers, scaled to sum to 1; a missing param keeps the
// current rule's value (lib/scoring/scoring.ts).

export const WEIGHT_PARAMS: Record<Criterion, string> = {
  compliance: "w_compliance",
  realism: "w_realism",
  preservation: "w_preservation",
  technical: "w_technical",
};
export const WHAT_IF_PARAMS = ["threshold", ...CRITERIA.map((criterion) => WEIGHT_PARAMS[criterion])];

// A number written out: z.coerce.number alone would read "" as 0. z.number() refuses
// NaN and Infinity.
const number = z
  .string()
  .trim()
  .min(1, { error: "is empty" })
  .transform(Number)
  .pipe(z.number({ error: "must be a number" }));

const whatIfSchema = z.object({
  threshold: number
    .pipe(z.number().min(0, { error: "must be at least 0" }).max(1, { error: "must be at most 1" }))
    .optional(),
  ...Object.fromEntries(
    CRITERIA.map((criterion) => [
      WEIGHT_PARAMS[criterion],
      number
        .pipe(z.number().min(0, { error: "must be at least 0" }).max(100, { error: "must be at most 100" }))
        .optional(),
    ]),
  ),
});

// weights as given (what the sliders show), normalized (what scoring uses).
export type WhatIf = { threshold: number; weights: Weights; normalized: Weights };
export type ParsedWhatIf = { ok: true; whatIf: WhatIf } | { ok: false; problems: ParamProblem[] };

export const CURRENT_RULE: WhatIf = { threshold: PASS_THRESHOLD, weights: WEIGHTS, normalized: WEIGHTS };

export function whatIf(threshold: number, weights: Weights): WhatIf {
  return { threshold, weights, normalized: normalizeWeights(weights) };
}

export function isCurrentRule(rule: WhatIf): boolean {
  return (
    rule.threshold === PASS_THRESHOLD &&
    CRITERIA.every((criterion) => rule.normalized[criterion] === WEIGHTS[criterion])
  );
}

// Reads every param: one the rule does not know, or one given twice, is a problem too,
// since an API caller who misspells a weight would otherwise get the current rule back.
export function whatIfFromParams(params: URLSearchParams): ParsedWhatIf {
  const problems = checkParams(params, WHAT_IF_PARAMS);
  if (problems.length) return { ok: false, problems };
  const raw = Object.fromEntries(WHAT_IF_PARAMS.flatMap((key) => (params.has(key) ? [[key, params.get(key)]] : [])));
  const parsed = whatIfSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ param: String(issue.path[0]), message: issue.message })),
    };
  }
  const values = parsed.data as Record<string, number | undefined>;
  const weights = Object.fromEntries(
    CRITERIA.map((criterion) => [criterion, values[WEIGHT_PARAMS[criterion]] ?? WEIGHTS[criterion]]),
  ) as Weights;
  if (CRITERIA.every((criterion) => weights[criterion] === 0))
    return {
      ok: false,
      problems: [
        { param: WHAT_IF_PARAMS.slice(1).join(","), message: "are all 0: at least one weight must be above 0" },
      ],
    };
  return { ok: true, whatIf: whatIf(values.threshold ?? PASS_THRESHOLD, weights) };
}

// Only what differs from the current rule, so that the current rule is the bare URL.
export function whatIfToParams(rule: WhatIf): URLSearchParams {
  const params = new URLSearchParams();
  if (rule.threshold !== PASS_THRESHOLD) params.set("threshold", String(rule.threshold));
  if (CRITERIA.some((criterion) => rule.weights[criterion] !== WEIGHTS[criterion]))
    for (const criterion of CRITERIA) params.set(WEIGHT_PARAMS[criterion], String(rule.weights[criterion]));
  return params;
}
