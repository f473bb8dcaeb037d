"use client";

import { useHydrated } from "@/components/ui/use-hydrated";
import { isCurrentRule, whatIf, type WhatIf } from "@/lib/schemas/what-if-params";
import { CRITERIA, CRITERION_LABELS, PASS_THRESHOLD, WEIGHTS } from "@/lib/scoring/scoring";

const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

// Threshold and weight sliders. Weights are any positions in [0, 1], shown with their
// normalized share; setting all four to 0 is refused (the last one stays above 0).
export function WhatIfControls({
  rule,
  onChange,
  onReset,
}: {
  rule: WhatIf;
  onChange: (rule: WhatIf) => void;
  onReset: () => void;
}) {
  const hydrated = useHydrated();
  const setWeight = (criterion: (typeof CRITERIA)[number], value: number) => {
    const weights = { ...rule.weights, [criterion]: value };
    if (CRITERIA.some((c) => weights[c] > 0)) onChange(whatIf(rule.threshold, weights));
  };
  return (
    <div className="grid gap-x-8 gap-y-3 sm:grid-cols-2 lg:grid-cols-[1fr_2fr]">
      <div className="text-sm">
        <span className="flex justify-between">
          <label htmlFor="what-if-threshold-input" className="font-medium">
            Pass threshold
          </label>
          <output htmlFor="what-if-threshold-input" className="tabular-nums" data-testid="what-if-threshold">
            {rule.threshold.toFixed(2)}
          </output>
        </span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={rule.threshold}
          onChange={(event) => onChange(whatIf(Number(event.target.value), rule.weights))}
          className="mt-1 w-full accent-rose-600"
          id="what-if-threshold-input"
          disabled={!hydrated}
        />
        <span className="text-xs text-zinc-500">current rule: {PASS_THRESHOLD.toFixed(2)}</span>
      </div>
      <fieldset className="grid gap-x-6 gap-y-2 sm:grid-cols-2">
        <legend className="sr-only">Criterion weights</legend>
        {CRITERIA.map((criterion) => (
          <label key={criterion} className="block text-sm">
            <span className="flex justify-between gap-2">
              <span className="font-medium">{CRITERION_LABELS[criterion]}</span>
              <span className="tabular-nums text-zinc-600" data-testid={`what-if-weight-${criterion}`}>
                {percent(rule.normalized[criterion])}
              </span>
            </span>
            <input
              type="range"
              min={0}
              max={1}
              step={0.01}
              value={rule.weights[criterion]}
              onChange={(event) => setWeight(criterion, Number(event.target.value))}
              className="mt-1 w-full accent-sky-600"
              disabled={!hydrated}
              aria-label={`Weight of ${CRITERION_LABELS[criterion].toLowerCase()}`}
              aria-valuetext={`${rule.weights[criterion]}, normalized ${percent(rule.normalized[criterion])}`}
            />
          </label>
        ))}
      </fieldset>
      <div className="flex items-center gap-3 text-sm sm:col-span-2">
        <button
          type="button"
          onClick={onReset}
          disabled={
            !hydrated ||
            (isCurrentRule(rule) && CRITERIA.every((criterion) => rule.weights[criterion] === WEIGHTS[criterion]))
          }
          className="rounded border border-zinc-300 bg-white px-3 py-1 font-medium hover:bg-zinc-100 disabled:opacity-50"
        >
          Reset to the current rule
        </button>
        <span className="text-xs text-zinc-500">
          overall = {CRITERIA.map((criterion) => `${rule.normalized[criterion].toFixed(3)} · ${criterion}`).join(" + ")}
        </span>
      </div>
    </div>
  );
}
