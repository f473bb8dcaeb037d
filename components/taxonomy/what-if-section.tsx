"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import dynamic from "next/dynamic";
import Link from "next/link";

import type { PassCounts } from "@/lib/data/taxonomy-scores";
import type { TaxonomyCategory } from "@/lib/data/taxonomy";
import { formatCount, formatRate } from "@/lib/format";
import { galleryHref } from "@/lib/schemas/filter-links";
import { whatIfQueryOptions, type WhatIfResponse } from "@/lib/queries/what-if";
import type { EditFilter } from "@/lib/schemas/edit-filter";
import { whatIfToParams, type WhatIf } from "@/lib/schemas/what-if-params";
import { CRITERIA, WEIGHTS } from "@/lib/scoring/scoring";
import { OVERALL_BIN_COUNT } from "@/lib/scoring/overall-bins";

import { useWhatIfRule } from "./use-what-if-rule";
import { WhatIfControls } from "./what-if-controls";

// Drawn in the browser only: 35 histograms of 20 linked bins were 700 links in the HTML
// and a third of the server's time rendering /taxonomy (94 ms a request, 62 without
// them). The placeholder keeps their place.
const OverallHistogram = dynamic(() => import("./overall-histogram").then((module) => module.OverallHistogram), {
  ssr: false,
  loading: () => <div className="h-10 w-52" />,
});

const NONE: PassCounts = { scored: 0, judgePassed: 0, whatIfPassed: 0 };

function Delta({ counts, testId }: { counts: PassCounts; testId: string }) {
  if (!counts.scored) return <span data-testid={testId}>–</span>;
  const points = (100 * (counts.whatIfPassed - counts.judgePassed)) / counts.scored;
  const shown = points.toFixed(1);
  const color =
    shown === "0.0" || shown === "-0.0" ? "text-zinc-500" : points > 0 ? "text-emerald-700" : "text-rose-700";
  return (
    <span className={color} data-testid={testId}>
      {shown === "-0.0" ? "0.0" : points > 0 ? `+${shown}` : shown} pp
    </span>
  );
}

// One row's figures: scored edits, the judge's pass rate over them, the what-if rate and
// the difference. Under the current weights the what-if passes are exactly the edits with
// overall >= threshold, which the gallery can show; under other weights they are not.
function Rates({
  counts,
  scope,
  rule,
  testId,
}: {
  counts: PassCounts;
  scope: EditFilter;
  rule: WhatIf;
  testId: string;
}) {
  const sameWeights = CRITERIA.every((criterion) => rule.normalized[criterion] === WEIGHTS[criterion]);
  const whatIfRate = formatRate(counts.whatIfPassed, counts.scored);
  return (
    <>
      <td className="px-2 py-1 text-right tabular-nums">
        <Link
          href={galleryHref({ ...scope, overall: { min: 0 } })}
          className="hover:underline"
          data-testid={`${testId}-scored`}
        >
          {formatCount(counts.scored)}
        </Link>
      </td>
      <td className="px-2 py-1 text-right tabular-nums">
        <Link
          href={galleryHref({ ...scope, judge: "pass", overall: { min: 0 } })}
          className="hover:underline"
          title={`${formatCount(counts.judgePassed)} passed`}
          data-testid={`${testId}-current`}
        >
          {formatRate(counts.judgePassed, counts.scored)}
        </Link>
      </td>
      <td className="px-2 py-1 text-right font-medium tabular-nums">
        {sameWeights ? (
          <Link
            href={galleryHref({ ...scope, overall: { min: rule.threshold } })}
            className="hover:underline"
            title={`${formatCount(counts.whatIfPassed)} would pass`}
            data-testid={`${testId}-what-if`}
          >
            {whatIfRate}
          </Link>
        ) : (
          <span title={`${formatCount(counts.whatIfPassed)} would pass`} data-testid={`${testId}-what-if`}>
            {whatIfRate}
          </span>
        )}
      </td>
      <td className="px-2 py-1 text-right tabular-nums">
        <Delta counts={counts} testId={`${testId}-delta`} />
      </td>
    </>
  );
}

// The what-if control: another threshold and weights, the judge pass rates they would
// give per category and type beside the current ones, and each type's overall-score
// histogram with the threshold being tried. Nothing is written: the counts come from
// GET /api/taxonomy/what-if.
export function WhatIfSection({
  taxonomy,
  histograms,
  initialRule,
  initialData,
}: {
  taxonomy: TaxonomyCategory[];
  histograms: Record<number, number[]>;
  initialRule: WhatIf;
  initialData: WhatIfResponse;
}) {
  const { rule, settled, setRule, reset } = useWhatIfRule(initialRule);
  const isInitial = whatIfToParams(settled).toString() === whatIfToParams(initialRule).toString();
  const query = useQuery({
    ...whatIfQueryOptions(settled),
    initialData: isInitial ? initialData : undefined,
    placeholderData: keepPreviousData,
  });
  const data = query.data;
  const typeCounts = new Map(data?.types.map((type) => [type.id, type]));
  const categoryCounts = new Map(data?.categories.map((category) => [category.id, category]));
  const shown = data?.rule ?? settled;
  const emptyBins = Array<number>(OVERALL_BIN_COUNT).fill(0);

  return (
    <section aria-labelledby="what-if-title" className="rounded-lg border border-zinc-200 bg-white p-4">
      <h2 id="what-if-title" className="font-medium">
        What if the judge used another threshold or weights?
      </h2>
      <p className="mt-1 text-sm text-zinc-600">
        Rates over the edits with all four criteria scored, recomputed from their scores; nothing is saved. Histograms
        show each type&apos;s overall scores under the current weights in 20 bins, each scaled to its own tallest bin,
        with the threshold being tried.
      </p>
      <div className="mt-4">
        <WhatIfControls rule={rule} onChange={setRule} onReset={reset} />
      </div>
      <p className="mt-3 min-h-5 text-sm" role="status" data-testid="what-if-status">
        {query.isError ? (
          <span className="text-rose-700">The what-if rates could not be computed: {query.error.message}</span>
        ) : query.isFetching || settled !== rule ? (
          <span className="text-zinc-500">Recomputing…</span>
        ) : data && data.total.scored === 0 ? (
          <span className="text-amber-800">
            No edit has criterion scores yet (the release carries verdicts only): import a judge&apos;s scores with npm
            run import -- --scores to try another rule.
          </span>
        ) : data ? (
          <span>
            All types: {formatRate(data.total.judgePassed, data.total.scored)} pass now,{" "}
            {formatRate(data.total.whatIfPassed, data.total.scored)} would pass (
            <Delta counts={data.total} testId="what-if-total-delta" />) of {formatCount(data.total.scored)} scored
            edits.
          </span>
        ) : null}
      </p>
      <div className="mt-2 overflow-x-auto">
        <table className={`w-full min-w-[52rem] text-sm ${query.isPlaceholderData ? "opacity-60" : ""}`}>
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className="px-2 py-2 font-medium">Category / edit type</th>
              <th className="px-2 py-2 text-right font-medium">Scored</th>
              <th className="px-2 py-2 text-right font-medium">Judge pass</th>
              <th className="px-2 py-2 text-right font-medium">What-if pass</th>
              <th className="px-2 py-2 text-right font-medium">Change</th>
              <th className="px-2 py-2 font-medium">Overall score, 0 to 1</th>
            </tr>
          </thead>
          {taxonomy.map((category) => (
            <tbody key={category.id} className="border-t border-zinc-300">
              <tr className="bg-zinc-100 font-medium">
                <td className="px-2 py-1">{category.name}</td>
                <Rates
                  counts={categoryCounts.get(category.id) ?? NONE}
                  scope={{ categories: [category.id] }}
                  rule={shown}
                  testId={`what-if-category-${category.id}`}
                />
                <td />
              </tr>
              {category.types.map((type) => (
                <tr key={type.id} className="border-t border-zinc-200">
                  <td className="px-2 py-1 pl-5 text-zinc-700">{type.name}</td>
                  <Rates
                    counts={typeCounts.get(type.id) ?? NONE}
                    scope={{ types: [type.id] }}
                    rule={shown}
                    testId={`what-if-type-${type.id}`}
                  />
                  <td className="px-2 py-0.5">
                    <OverallHistogram
                      typeId={type.id}
                      typeName={type.name}
                      bins={histograms[type.id] ?? emptyBins}
                      threshold={rule.threshold}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          ))}
        </table>
      </div>
    </section>
  );
}
