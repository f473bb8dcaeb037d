import Link from "next/link";

import { PairCard } from "@/components/preferences/pair-card";
import { PairChangeList } from "@/components/preferences/pair-change-list";
import { PairCounts } from "@/components/preferences/pair-counts";
import { PreferenceFilters } from "@/components/preferences/preference-filters";
import { BrowserOnly, Drawing } from "@/components/ui/browser-only";
import { ParamNotice } from "@/components/ui/param-problems";
import { findPairChanges, findPairs, getPreferenceCounts } from "@/lib/data/preferences";
import { getTaxonomy } from "@/lib/data/taxonomy";
import { requirePage } from "@/lib/auth/session";
import { searchParamsOf } from "@/lib/schemas/page-params";
import {
  PAIRS_PER_PAGE,
  preferenceViewFromParams,
  preferencesHref,
  type PreferenceView,
} from "@/lib/schemas/preference-params";

export const metadata = { title: "Preferences" };
export const dynamic = "force-dynamic";

const FIRST_PAGE: PreferenceView = { filter: {} };

export default async function PreferencesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = searchParamsOf(await searchParams);
  await requirePage("VIEWER", "/preferences", params);
  const parsed = preferenceViewFromParams(params);
  const view = parsed.ok ? parsed.view : FIRST_PAGE;
  const page = { cursor: view.cursor, limit: view.limit ?? PAIRS_PER_PAGE };
  const [counts, taxonomy, pairs, changes] = await Promise.all([
    getPreferenceCounts(),
    getTaxonomy(),
    view.changes ? null : findPairs(view.filter, page),
    view.changes ? findPairChanges(view.changes, view.filter, page) : null,
  ]);
  const nextCursor = (pairs ?? changes)?.nextCursor ?? null;
  return (
    <div className="space-y-6">
      <section>
        <h1 className="text-2xl font-semibold tracking-tight">Preferences</h1>
        <p className="mt-1 text-sm text-zinc-600">
          The preference subset: within a task, every passing attempt is preferred to every failing one. A pair is the
          judge&apos;s when both verdicts are, and human when a review decided either side.
        </p>
      </section>
      {parsed.ok ? null : <ParamNotice problems={parsed.problems} instead="the newest pairs of every kind are shown" />}
      <PairCounts counts={counts} view={view} />
      <div className="grid gap-8 md:grid-cols-[14rem_1fr]">
        <aside>
          <PreferenceFilters view={view} taxonomy={taxonomy} />
        </aside>
        <section className="min-w-0 space-y-4">
          <h2 className="text-lg font-semibold">
            {view.changes ? `Pairs ${view.changes} by reviews` : "Pairs, newest first"}
          </h2>
          {changes && view.changes ? <PairChangeList kind={view.changes} changes={changes.items} /> : null}
          {pairs?.items.length === 0 ? <p className="text-sm text-zinc-600">No pair matches this view.</p> : null}
          {pairs?.items.length ? (
            // Drawn in the browser: rendered on the server, 20 cards were 90 KB of the page's
            // 162 KB and 8 ms of its 24 ms of CPU (docs/performance.md, "Session 15").
            <BrowserOnly fallback={<Drawing what="pairs" minHeight={`${pairs.items.length * 20}rem`} />}>
              <ol className="space-y-4" data-testid="pairs">
                {pairs.items.map((pair) => (
                  <li key={pair.id}>
                    <PairCard pair={pair} />
                  </li>
                ))}
              </ol>
            </BrowserOnly>
          ) : null}
          {nextCursor !== null ? (
            <Link
              href={preferencesHref({ ...view, cursor: nextCursor })}
              className="inline-block rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm"
            >
              {view.changes ? "Older changes" : "Older pairs"}
            </Link>
          ) : null}
        </section>
      </div>
    </div>
  );
}
