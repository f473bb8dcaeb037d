import Link from "next/link";

import { ReviewQueue } from "@/components/review/review-queue";
import { ParamNotice } from "@/components/ui/param-problems";
import { requirePage } from "@/lib/auth/session";
import { filterFromParams } from "@/lib/schemas/edit-filter-params";
import { checkParams, searchParamsOf, type PageSearchParams } from "@/lib/schemas/page-params";
import { bandFromParams, DEFAULT_BAND, QUEUE_PARAMS } from "@/lib/schemas/review";

export const metadata = { title: "Review" };

// The review queue under the gallery's filter (its query params) and a band of judge
// overall scores around the threshold (band_min, band_max). An unreadable query falls
// back to all edits in the default band, and says why.
export default async function ReviewPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = searchParamsOf(await searchParams);
  await requirePage("ANNOTATOR", "/review", params);
  const problems = [
    ...checkParams(params, QUEUE_PARAMS),
    ...((filter) => (filter.ok ? [] : filter.problems))(filterFromParams(params)),
    ...((band) => (band.ok ? [] : band.problems))(bandFromParams(params)),
  ];
  const band = bandFromParams(params);
  const query = problems.length ? "" : params.toString();
  const shown = band.ok && !problems.length ? band.band : DEFAULT_BAND;
  return (
    <div className="space-y-4">
      {problems.length ? (
        <ParamNotice problems={problems} instead="the queue holds all edits in the default band" />
      ) : null}
      <header className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Review</h1>
        <p className="text-sm text-zinc-600">
          Judge overall {shown.min.toFixed(2)}–{shown.max.toFixed(2)}, or criteria that contradict the verdict ·{" "}
          <Link href="/review/stats" className="underline">
            agreement
          </Link>
        </p>
      </header>
      <ReviewQueue query={query} />
    </div>
  );
}
