import { PassRateChart } from "@/components/taxonomy/pass-rate-chart";
import { TaxonomyTable } from "@/components/taxonomy/taxonomy-table";
import { WhatIfSection } from "@/components/taxonomy/what-if-section";
import { BrowserOnly, Drawing } from "@/components/ui/browser-only";
import { ParamNotice } from "@/components/ui/param-problems";
import { countWhatIfPasses, getOverallHistograms } from "@/lib/data/taxonomy-scores";
import { getTaxonomyStats } from "@/lib/data/taxonomy-stats";
import { CURRENT_RULE, whatIf, whatIfFromParams, type WhatIf } from "@/lib/schemas/what-if-params";
import { CRITERIA } from "@/lib/scoring/scoring";
import { searchParamsOf } from "@/lib/schemas/page-params";
import { requirePage } from "@/lib/auth/session";

export const metadata = { title: "Taxonomy" };
export const dynamic = "force-dynamic";

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
  await requirePage("VIEWER", "/taxonomy", params);
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
          8 categories and 35 edit types. Pass rates count edits with a verdict, beside the paper&apos;s success rate
          where it gives one; judge–human is the share of reviewed edits whose human verdict is the judge&apos;s.
          Criterion means use each edit&apos;s newest judgement. Every figure opens those edits in the gallery.
        </p>
      </div>
      <BrowserOnly fallback={<Drawing what="figures" minHeight="96rem" />}>
        <TaxonomyTable stats={stats} />
        <PassRateChart stats={stats} />
      </BrowserOnly>
      {problems.length ? <ParamNotice problems={problems} instead="the current rule is shown" /> : null}
      <BrowserOnly fallback={<Drawing what="figures" minHeight="80rem" />}>
        <WhatIfSection
          taxonomy={taxonomy}
          histograms={Object.fromEntries(histograms.map(({ typeId, bins }) => [typeId, bins]))}
          initialRule={rule}
          initialData={{ rule, ...whatIfCounts }}
        />
      </BrowserOnly>
    </section>
  );
}
