"use client";

import {
  CRITERIA,
  CRITERION_LABELS,
  overallScore,
  PASS_THRESHOLD,
  WEIGHTS,
  type Criterion,
} from "@/lib/scoring/scoring";

export type CriterionScores = Record<Criterion, number | null>;

// The score to judge by: the judge's criteria with the annotator's corrections; overall
// and verdict recomputed by the one scoring module, or null while a criterion is unknown.
export function corrected(judge: CriterionScores, corrections: Partial<Record<Criterion, number>>) {
  const scores = Object.fromEntries(
    CRITERIA.map((criterion) => [criterion, corrections[criterion] ?? judge[criterion]]),
  ) as CriterionScores;
  const known = CRITERIA.every((criterion) => scores[criterion] !== null);
  const overall = known ? overallScore(scores) : null;
  return { scores, overall, verdict: overall === null ? null : overall >= PASS_THRESHOLD ? "PASS" : "FAIL" } as const;
}

const bar = (value: number | null) => `${Math.round((value ?? 0) * 100)}%`;

// The four criteria (1-4 picks one, arrows move it) and the overall against the pass line.
export function ScoreEditor({
  judge,
  corrections,
  selected,
}: {
  judge: CriterionScores;
  corrections: Partial<Record<Criterion, number>>;
  selected: Criterion | null;
}) {
  const { scores, overall, verdict } = corrected(judge, corrections);
  return (
    <div className="space-y-2 text-sm" data-testid="score-editor">
      {CRITERIA.map((criterion, index) => {
        const changed = corrections[criterion] !== undefined;
        return (
          <div
            key={criterion}
            data-criterion={criterion}
            aria-current={selected === criterion}
            className={`grid grid-cols-[1.5rem_1fr_8rem_3.5rem] items-center gap-2 rounded px-1 ${selected === criterion ? "bg-sky-50 ring-1 ring-sky-300" : ""}`}
          >
            <kbd className="text-xs text-zinc-500">{index + 1}</kbd>
            <span>
              {CRITERION_LABELS[criterion]} <span className="text-xs text-zinc-500">×{WEIGHTS[criterion]}</span>
            </span>
            <span className="h-2 rounded bg-zinc-200">
              <span className="block h-2 rounded bg-zinc-600" style={{ width: bar(scores[criterion]) }} />
            </span>
            <span className={`text-right tabular-nums ${changed ? "font-semibold text-sky-700" : ""}`}>
              {scores[criterion] === null ? "—" : (scores[criterion] as number).toFixed(2)}
            </span>
          </div>
        );
      })}
      <div className="grid grid-cols-[1.5rem_1fr_8rem_3.5rem] items-center gap-2 px-1 font-medium">
        <span />
        <span>
          Overall{" "}
          {verdict ? (
            <span
              data-testid="recomputed-verdict"
              className={verdict === "PASS" ? "text-emerald-700" : "text-rose-700"}
            >
              {verdict === "PASS" ? "pass" : "fail"}
            </span>
          ) : null}
        </span>
        <span className="relative h-2 rounded bg-zinc-200">
          <span className="block h-2 rounded bg-zinc-800" style={{ width: bar(overall) }} />
          <span
            className="absolute -top-1 h-4 w-0.5 bg-rose-500"
            style={{ left: bar(PASS_THRESHOLD) }}
            title={`pass line ${PASS_THRESHOLD}`}
          />
        </span>
        <span className="text-right tabular-nums" data-testid="recomputed-overall">
          {overall === null ? "—" : overall.toFixed(3)}
        </span>
      </div>
    </div>
  );
}
