"use client";

import Link from "next/link";

import type { TaxonomyStats, TypeFigures } from "@/lib/data/taxonomy-stats";
import { formatCoefficient, formatCount, formatRate } from "@/lib/format";
import type { EditFilter } from "@/lib/schemas/edit-filter";
import { galleryHref } from "@/lib/schemas/filter-links";
import { CRITERIA, CRITERION_LABELS } from "@/lib/scoring/scoring";
import { agreed, cohensKappa, tableTotal } from "@/lib/stats/agreement";

const plainCell = "px-2 py-1.5 text-right tabular-nums";

// The paper's success rate: a reference figure, not a count of our edits, so no link. A
// category has none: the paper gives rates for 13 of the 35 types.
function PaperRate({ rate, testId }: { rate: number | null; testId: string }) {
  return (
    <td className={`${plainCell} text-zinc-500`} data-testid={`${testId}-paper-rate`}>
      {rate === null ? "–" : `${(100 * rate).toFixed(1)}%`}
    </td>
  );
}

// Judge against human verdict on the reviewed edits: agreement and its n, kappa in the title.
function judgeHumanText(figures: TypeFigures): { value: string; title: string } {
  const table = figures.judgeHuman;
  const n = tableTotal(table);
  if (n === 0) return { value: "–", title: "No reviewed edit here has both a judge's and a human verdict" };
  return {
    value: `${formatRate(agreed(table), n)} of ${formatCount(n)}`,
    title: `${formatCount(agreed(table))} of ${formatCount(n)} reviewed edits keep the judge's verdict; Cohen's kappa ${formatCoefficient(cohensKappa(table))}`,
  };
}

// Every figure links to the gallery showing the edits it counts.
function Figures({
  figures,
  paperRate,
  scope,
  testId,
}: {
  figures: TypeFigures;
  paperRate: number | null;
  scope: EditFilter;
  testId: string;
}) {
  const cell = (value: string, filter: EditFilter, name: string, title?: string) => (
    <td key={name} className={plainCell} title={title}>
      <Link href={galleryHref({ ...scope, ...filter })} className="hover:underline" data-testid={`${testId}-${name}`}>
        {value}
      </Link>
    </td>
  );
  const judgeHuman = judgeHumanText(figures);
  return (
    <>
      {cell(formatCount(figures.sft), { subsets: ["sft"] }, "sft")}
      {cell(formatCount(figures.preference), { subsets: ["preference"] }, "preference")}
      {cell(formatCount(figures.multiTurn), { subsets: ["multi-turn"] }, "multi-turn")}
      <PaperRate rate={paperRate} testId={testId} />
      {cell(formatRate(figures.judgePassed, figures.judged), { judge: "pass" }, "judge-rate")}
      {cell(formatRate(figures.effectivePassed, figures.effectiveJudged), { effective: "pass" }, "effective-rate")}
      {cell(judgeHuman.value, { reviewed: true }, "judge-human", judgeHuman.title)}
      {CRITERIA.map((criterion) =>
        cell(
          figures.scored ? (figures.criterionSums[criterion] / figures.scored).toFixed(2) : "–",
          { [criterion]: { min: 0 } },
          criterion,
        ),
      )}
      {cell(formatCount(figures.reviewed), { reviewed: true }, "reviewed")}
    </>
  );
}

// The taxonomy's figures per category and edit type. A client component, so that the page
// carries the figures (a few KB) rather than its 500 linked cells twice, as the server's
// render and again as HTML: /taxonomy took 45 ms of the server's time instead of 62.
export function TaxonomyTable({ stats }: { stats: TaxonomyStats }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full min-w-[76rem] text-sm">
        <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
          <tr>
            <th className="px-2 py-2 font-medium">Category / edit type</th>
            <th className="px-2 py-2 text-right font-medium">SFT</th>
            <th className="px-2 py-2 text-right font-medium">Pref.</th>
            <th className="px-2 py-2 text-right font-medium">Multi</th>
            <th className="px-2 py-2 text-right font-medium" title="The success rate the Pico-Banana-400K paper gives">
              Paper
            </th>
            <th className="px-2 py-2 text-right font-medium">Judge pass</th>
            <th className="px-2 py-2 text-right font-medium">Effective pass</th>
            <th
              className="px-2 py-2 text-right font-medium"
              title="Reviewed edits whose human verdict is the judge's, of those with both verdicts"
            >
              Judge–human
            </th>
            {CRITERIA.map((criterion) => (
              <th key={criterion} className="px-2 py-2 text-right font-medium" title={CRITERION_LABELS[criterion]}>
                {criterion}
              </th>
            ))}
            <th className="px-2 py-2 text-right font-medium">Reviewed</th>
          </tr>
        </thead>
        {stats.map((category) => (
          <tbody key={category.id} className="border-t border-zinc-300">
            <tr className="bg-zinc-100 font-medium" data-category={category.id}>
              <td className="px-2 py-1.5">{category.name}</td>
              <Figures
                figures={category.figures}
                paperRate={null}
                scope={{ categories: [category.id] }}
                testId={`category-${category.id}`}
              />
            </tr>
            {category.types.map((type) => (
              <tr key={type.id} className="border-t border-zinc-200" data-type={type.id}>
                <td className="px-2 py-1.5 pl-5 text-zinc-700">{type.name}</td>
                <Figures
                  figures={type.figures}
                  paperRate={type.paperSuccessRate}
                  scope={{ types: [type.id] }}
                  testId={`type-${type.id}`}
                />
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </div>
  );
}
