import Link from "next/link";

import { Stat } from "@/components/ui/stat";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { JudgeComparison as Comparison } from "@/lib/data/judges";
import { formatCoefficient, formatCount } from "@/lib/format";
import { filterToParams } from "@/lib/schemas/edit-filter-params";
import { CRITERIA, CRITERION_LABELS } from "@/lib/scoring/scoring";

const th = "px-2 py-2 font-medium";
const td = "px-2 py-1.5 text-right tabular-nums";

const percent = (share: number | null) => (share === null ? "–" : `${(100 * share).toFixed(1)}%`);

// A mean of a − b, signed: which judge scores higher, and by how much.
const difference = (value: number | null) => (value === null ? "–" : `${value > 0 ? "+" : ""}${value.toFixed(3)}`);

const verdict = (passed: boolean) => (passed ? "PASS" : "FAIL");

// lib/data/judges.ts sends at most this many disagreements.
const DISAGREEMENTS_SHOWN = 100;

// Two judges on the edits both judged: how often their verdicts agree, kappa, how their
// scores differ (a − b), per edit type, and the edits where their verdicts differ, the
// largest overall gap first.
export function JudgeComparison({ comparison }: { comparison: Comparison }) {
  const { a, b } = comparison;
  if (comparison.edits === 0)
    return (
      <p className="text-sm text-zinc-600" data-testid="comparison-empty">
        {a} and {b} have judged no edit in common.
      </p>
    );
  const differing = comparison.table.passFail + comparison.table.failPass;
  const disagreeing = filterToParams({ disagree: [a, b] }).toString();
  return (
    <div className="space-y-6" data-testid="comparison">
      <div className="grid gap-3 sm:grid-cols-3">
        <Stat label="Edits compared" value={formatCount(comparison.edits)} testId="comparison-edits" />
        <Stat
          label="Verdict agreement"
          value={percent(comparison.agreement)}
          detail={`${formatCount(comparison.table.passFail)} passed by ${a} only, ${formatCount(comparison.table.failPass)} by ${b} only`}
          testId="comparison-agreement"
        />
        <Stat
          label="Cohen's kappa"
          value={formatCoefficient(comparison.kappa)}
          detail="agreement beyond what the two pass rates give by chance"
          testId="comparison-kappa"
        />
      </div>

      <table className="min-w-80 text-sm" data-testid="comparison-differences">
        <caption className="pb-2 text-left font-medium">
          Mean score difference, {a} − {b}
        </caption>
        <tbody className="divide-y divide-zinc-200">
          {(["overall", ...CRITERIA] as const).map((key) => (
            <tr key={key} data-score={key}>
              <th scope="row" className="py-1.5 pr-6 text-left font-normal">
                {key === "overall" ? "Overall" : CRITERION_LABELS[key]}
              </th>
              <td className={td}>{difference(comparison.meanDifference[key])}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="-mt-4 text-xs text-zinc-500">
        Over the edits both judges scored with criteria; &ldquo;–&rdquo; where one of them gave verdicts only.
      </p>

      <div className="overflow-x-auto">
        <table className="w-full text-sm" data-testid="comparison-types">
          <caption className="pb-2 text-left font-medium">By edit type</caption>
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className={th}>Edit type</th>
              <th className={`${th} text-right`}>Edits</th>
              <th className={`${th} text-right`}>Agreement</th>
              <th className={`${th} text-right`}>κ</th>
              <th className={`${th} text-right`}>Overall, a − b</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {comparison.byType.map((row) => (
              <tr key={row.editTypeId ?? 0} data-type={row.editTypeId ?? "none"}>
                <th scope="row" className="px-2 py-1.5 text-left font-normal">
                  {row.editType ?? "no edit type"}
                </th>
                <td className={td}>{formatCount(row.edits)}</td>
                <td className={td} data-cell="agreement">
                  {percent(row.agreement)}
                </td>
                <td className={td}>{formatCoefficient(row.kappa)}</td>
                <td className={td}>{difference(row.meanDifference.overall)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <div>
        <h3 className="font-medium">Where the verdicts differ</h3>
        {differing > 0 ? (
          <p className="mt-1 text-sm text-zinc-600">
            All {formatCount(differing)} as a filter:{" "}
            <Link href={`/edits?${disagreeing}`} className="underline">
              in the gallery
            </Link>
            {" · "}
            <Link href={`/review?${disagreeing}`} className="underline">
              to review
            </Link>
          </p>
        ) : null}
        {comparison.disagreements.length === 0 ? (
          <p className="mt-1 text-sm text-zinc-600">Nowhere: the two judges gave every edit the same verdict.</p>
        ) : (
          <table className="mt-2 text-sm" data-testid="disagreements">
            <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
              <tr>
                <th className={`${th} pl-0`}>Edit</th>
                <th className={th}>Edit type</th>
                <th className={th}>{a}</th>
                <th className={th}>{b}</th>
                <th className={`${th} text-right`}>Overall gap</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {comparison.disagreements.map((row) => (
                <tr key={row.editId} data-edit-id={row.editId}>
                  <td className="py-1.5 pr-2 tabular-nums">
                    <Link href={`/edits/${row.editId}`} className="underline">
                      Edit {row.editId}
                    </Link>
                  </td>
                  <td className="px-2 py-1.5">{row.editType ?? "no edit type"}</td>
                  <td className="px-2 py-1.5">
                    <VerdictBadge verdict={verdict(row.a)} />
                  </td>
                  <td className="px-2 py-1.5">
                    <VerdictBadge verdict={verdict(row.b)} />
                  </td>
                  <td className={td}>{row.gap === null ? "–" : row.gap.toFixed(3)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {comparison.disagreements.length === DISAGREEMENTS_SHOWN ? (
          <p className="mt-1 text-xs text-zinc-500">The {DISAGREEMENTS_SHOWN} with the largest gap.</p>
        ) : null}
      </div>
    </div>
  );
}
