import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { JudgementScores } from "@/lib/data/edits";
import { CRITERIA, CRITERION_LABELS } from "@/lib/scoring/scoring";

import { OverallBar } from "./score-breakdown";

// A judgement in a few lines, for a list that shows many (the sides of preference pairs):
// the overall against the pass line and the verdict, each criterion's score, the judge and
// its reason. The weights and each criterion's share are on the edit's page
// (ScoreBreakdown). A page of 20 pairs with a breakdown table per side was 405 KB of HTML
// and 53 ms of a server's CPU (docs/performance.md).
export function ScoreSummary({ judgement }: { judgement: JudgementScores | undefined }) {
  if (!judgement) return <p className="text-sm text-zinc-600">No judgement.</p>;
  const { overall } = judgement;
  const scores = CRITERIA.map((criterion) => {
    const score = judgement[criterion];
    return `${CRITERION_LABELS[criterion]} ${score === null ? "-" : score.toFixed(2)}`;
  }).join(" · ");
  return (
    <div className="space-y-1.5 text-sm" data-testid="score-summary">
      <p className="flex items-center gap-1.5 tabular-nums">
        Overall{" "}
        <span className="font-medium" data-testid="overall">
          {overall === null ? "not scored" : overall.toFixed(3)}
        </span>{" "}
        <VerdictBadge verdict={judgement.passed ? "PASS" : "FAIL"} />
      </p>
      {overall === null ? null : <OverallBar overall={overall} passed={judgement.passed} />}
      <p className="text-xs tabular-nums text-zinc-600">{scores}</p>
      <p className="text-xs text-zinc-600">
        Judge <code>{judgement.judge}</code>
        {judgement.rationale ? `: ${judgement.rationale}` : "."}
      </p>
    </div>
  );
}
