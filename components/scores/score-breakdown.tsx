import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { JudgementScores } from "@/lib/data/edits";
import { contributions, CRITERIA, CRITERION_LABELS, PASS_THRESHOLD, WEIGHTS } from "@/lib/scoring/scoring";

type Judgement = JudgementScores;

const isScored = (j: Judgement) => CRITERIA.every((criterion) => j[criterion] !== null);

// One judgement: each criterion's score, weight and weighted share, the overall against the
// pass line, the judge and its reason; or plainly "not scored".
export function ScoreBreakdown({ judgement }: { judgement: Judgement | undefined }) {
  if (!judgement) return <p className="text-sm text-zinc-600">No judgement.</p>;
  const verdict = judgement.passed ? "PASS" : "FAIL";
  if (!isScored(judgement) || judgement.overall === null) {
    return (
      <div className="space-y-2 text-sm" data-testid="score-breakdown">
        <p>
          <span className="font-medium">Not scored.</span> Judge <code>{judgement.judge}</code> gave{" "}
          <VerdictBadge verdict={verdict} /> without criterion scores.
        </p>
      </div>
    );
  }
  const shares = contributions(judgement);
  return (
    <div className="space-y-3 text-sm" data-testid="score-breakdown">
      <table className="w-full">
        <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
          <tr>
            <th className="py-1 font-medium">Criterion</th>
            <th className="py-1 text-right font-medium">Score</th>
            <th className="py-1 text-right font-medium">Weight</th>
            <th className="py-1 text-right font-medium">Contribution</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 tabular-nums">
          {CRITERIA.map((criterion) => (
            <tr key={criterion} data-criterion={criterion}>
              <td className="py-1">{CRITERION_LABELS[criterion]}</td>
              <td className="py-1 text-right">{(judgement[criterion] as number).toFixed(2)}</td>
              <td className="py-1 text-right">{WEIGHTS[criterion].toFixed(2)}</td>
              <td className="py-1 text-right">{shares[criterion].toFixed(3)}</td>
            </tr>
          ))}
          <tr className="font-medium">
            <td className="py-1">Overall</td>
            <td className="py-1 text-right" data-testid="overall">
              {judgement.overall.toFixed(3)}
            </td>
            <td className="py-1 text-right">1.00</td>
            <td className="py-1 text-right">
              <VerdictBadge verdict={verdict} />
            </td>
          </tr>
        </tbody>
      </table>
      <OverallBar overall={judgement.overall} passed={judgement.passed} />
      <p className="text-zinc-600">
        Judge <code>{judgement.judge}</code>
        {judgement.rationale ? `: ${judgement.rationale}` : "."}
      </p>
    </div>
  );
}

// The overall as a bar against the pass line.
export function OverallBar({ overall, passed }: { overall: number; passed: boolean }) {
  return (
    <div
      className="relative h-3 rounded bg-zinc-200"
      aria-label={`overall ${overall.toFixed(3)} against the pass line at ${PASS_THRESHOLD.toFixed(2)}`}
    >
      <div
        className={`h-3 rounded ${passed ? "bg-emerald-500" : "bg-rose-500"}`}
        style={{ width: `${overall * 100}%` }}
      />
      <div
        className="absolute -top-1 h-5 w-0.5 bg-zinc-900"
        style={{ left: `${PASS_THRESHOLD * 100}%` }}
        title={`pass at ${PASS_THRESHOLD.toFixed(2)}`}
      />
    </div>
  );
}
