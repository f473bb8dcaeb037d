import Link from "next/link";

import { PassRateChart } from "@/components/taxonomy/pass-rate-chart";
import { WhatIfSection } from "@/components/taxonomy/what-if-section";
import { ParamNotice } from "@/components/ui/param-problems";
import { countWhatIfPasses, getOverallHistograms } from "@/lib/data/taxonomy-scores";
import { getTaxonomyStats, type TypeFigures } from "@/lib/data/taxonomy-stats";
import { formatCount, formatRate } from "@/lib/format";
import { galleryHref } from "@/lib/schemas/filter-links";
import type { EditFilter } from "@/lib/schemas/edit-filter";
import { CURRENT_RULE, whatIf, whatIfFromParams, type WhatIf } from "@/lib/schemas/what-if-params";
import { CRITERIA, CRITERION_LABELS } from "@/lib/scoring/scoring";
import { searchParamsOf } from "@/lib/schemas/page-params";

export const metadata = { title: "Taxonomy" };
export const dynamic = "force-dynamic";

// Every figure links to the gallery showing the edits it counts.
function Figures({ figures, scope, testId }: { figures: TypeFigures; scope: EditFilter; testId: string }) {
  const cell = (value: string, filter: EditFilter, name: string) => (
    <td className="px-2 py-1.5 text-right tabular-nums">
      <Link href={galleryHref({ ...scope, ...filter })} className="hover:underline" data-testid={`${testId}-${name}`}>
        {value}
      </Link>
    </td>
  );
  return (
    <>
      {cell(formatCount(figures.sft), { subsets: ["sft"] }, "sft")}
      {cell(formatCount(figures.preference), { subsets: ["preference"] }, "preference")}
      {cell(formatCount(figures.multiTurn), { subsets: ["multi-turn"] }, "multi-turn")}
      {cell(formatRate(figures.judgePassed, figures.judged), { judge: "pass" }, "judge-rate")}
      {cell(formatRate(figures.effectivePassed, figures.effectiveJudged), { effective: "pass" }, "effective-rate")}
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

// The what-if rule of the page's link; the sliders go from 0 to 1, so weights given
// larger in the link are shown by their normalized shares.
function ruleFromLink(params: URLSearchParams): { rule: WhatIf; problems: { param: string; message: string }[] } {
  const parsed = whatIfFromParams(params);
  if (!parsed.ok) return { rule: CURRENT_RULE, problems: parsed.problems };
  const rule = parsed.whatIf;
  return {
    rule: CRITERIA.some((criterion) => rule.weights[criterion] > 1) ? whatIf(rule.threshold, rule.normalized) : rule,
    problems: [],
  };
}

export default async function TaxonomyPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = searchParamsOf(await searchParams);
  const { rule, problems } = ruleFromLink(params);
  const [stats, histograms, whatIfCounts] = await Promise.all([
    getTaxonomyStats(),
    getOverallHistograms(),
    countWhatIfPasses(rule),
  ]);
  const taxonomy = stats.map((category) => ({
    id: category.id,
    name: category.name,
    types: category.types.map((type) => ({ id: type.id, name: type.name })),
  }));
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Taxonomy</h1>
        <p className="mt-1 text-sm text-zinc-600">
          8 categories and 35 edit types. Pass rates count edits with a verdict; criterion means use each edit&apos;s
          newest judgement. Every figure opens those edits in the gallery.
        </p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full min-w-[64rem] text-sm">
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className="px-2 py-2 font-medium">Category / edit type</th>
              <th className="px-2 py-2 text-right font-medium">SFT</th>
              <th className="px-2 py-2 text-right font-medium">Pref.</th>
              <th className="px-2 py-2 text-right font-medium">Multi</th>
              <th className="px-2 py-2 text-right font-medium">Judge pass</th>
              <th className="px-2 py-2 text-right font-medium">Effective pass</th>
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
                  scope={{ categories: [category.id] }}
                  testId={`category-${category.id}`}
                />
              </tr>
              {category.types.map((type) => (
                <tr key={type.id} className="border-t border-zinc-200" data-type={type.id}>
                  <td className="px-2 py-1.5 pl-5 text-zinc-700">{type.name}</td>
                  <Figures figures={type.figures} scope={{ types: [type.id] }} testId={`type-${type.id}`} />
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
      <PassRateChart stats={stats} />
      {problems.length ? <ParamNotice problems={problems} instead="the current rule is shown" /> : null}
      <WhatIfSection
        taxonomy={taxonomy}
        histograms={Object.fromEntries(histograms.map(({ typeId, bins }) => [typeId, bins]))}
        initialRule={rule}
        initialData={{ rule, ...whatIfCounts }}
      />
    </section>
  );
}
