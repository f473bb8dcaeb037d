import Link from "next/link";

import { ExportControl } from "@/components/gallery/export-control";
import { FacetSidebar } from "@/components/gallery/facet-sidebar";
import { GalleryGrid } from "@/components/gallery/gallery-grid";
import { GalleryToolbar } from "@/components/gallery/gallery-toolbar";
import { ScoreHistogram } from "@/components/gallery/score-histogram";
import { ParamProblems } from "@/components/ui/param-problems";
import { countFacets, findEdits } from "@/lib/data/edits";
import { getTaxonomy } from "@/lib/data/taxonomy";
import { formatCount } from "@/lib/format";
import { scoreBins } from "@/lib/sql/gallery";
import { FILTER_PARAMS, filterFromParams } from "@/lib/schemas/edit-filter-params";
import {
  checkParams,
  GALLERY_PARAMS,
  galleryPageFromParams,
  orderParams,
  searchParamsOf,
  viewParams,
} from "@/lib/schemas/page-params";
import { hasRole } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/session";
import { filterToParams } from "@/lib/schemas/edit-filter-params";

export const metadata = { title: "Gallery" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 48;

export default async function GalleryPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = searchParamsOf(await searchParams);
  const user = await requirePage("VIEWER", "/edits", params);
  const annotator = user !== null && hasRole(user.role, "ANNOTATOR");
  const admin = user !== null && hasRole(user.role, "ADMIN");
  const unread = checkParams(params, [...FILTER_PARAMS, ...GALLERY_PARAMS]);
  const filter = filterFromParams(params);
  const page = galleryPageFromParams(params);
  if (unread.length || !filter.ok || !page.ok) {
    const problems = unread.length
      ? unread
      : [...(filter.ok ? [] : filter.problems), ...(page.ok ? [] : page.problems)];
    return (
      <div className="max-w-xl rounded-lg border border-amber-300 bg-amber-50 p-6 text-sm">
        <h1 className="text-lg font-semibold">This link has a filter the gallery cannot read</h1>
        <ParamProblems problems={problems} />
        <Link href="/edits" className="mt-4 inline-block underline">
          Show all edits
        </Link>
      </div>
    );
  }
  const view = { ...page.page, limit: PAGE_SIZE };
  const [facets, first, taxonomy] = await Promise.all([
    countFacets(filter.filter),
    findEdits(filter.filter, view),
    getTaxonomy(),
  ]);
  const filtered = Object.keys(filter.filter).length > 0;
  const filterQuery = filterToParams(filter.filter).toString();
  const query = viewParams(filter.filter, view).toString();
  return (
    <div className="grid gap-8 md:grid-cols-[16rem_1fr]">
      <aside className="space-y-5">
        <section>
          <h2 className="mb-1 px-2 text-xs font-medium uppercase tracking-wide text-zinc-500">Overall score</h2>
          <ScoreHistogram bins={scoreBins(facets)} range={filter.filter.overall ?? {}} />
        </section>
        <FacetSidebar filter={filter.filter} facets={facets} taxonomy={taxonomy} order={orderParams(view)} />
      </aside>
      <section>
        <div className="mb-4 flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Gallery</h1>
          <p className="text-sm text-zinc-600">
            <span data-testid="gallery-total">{formatCount(facets.total)}</span> edits{filtered ? " match" : ""}
            {annotator ? (
              <>
                {" · "}
                <Link href={`/review${filtered ? `?${filterQuery}` : ""}`} className="underline">
                  review these
                </Link>
              </>
            ) : null}
            {admin ? (
              <>
                {" · "}
                <Link
                  href={`/judges${filtered ? `?${new URLSearchParams({ filter: filterQuery })}` : ""}`}
                  className="underline"
                >
                  judge these
                </Link>
              </>
            ) : null}
            {filtered ? (
              <>
                {" · "}
                <Link href="/edits" className="underline">
                  clear filters
                </Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="mb-4 flex flex-wrap items-center justify-between gap-2">
          <GalleryToolbar key={query} sort={view.sort} seed={view.seed} q={filter.filter.q ?? ""} />
          {/* An export is a write (a job on record): an anonymous visitor of a public browse has none. */}
          {user ? <ExportControl filter={filterQuery} /> : null}
        </div>
        {first.items.length === 0 ? (
          <p className="mt-8 text-sm text-zinc-600">No edit matches this filter.</p>
        ) : (
          <GalleryGrid key={query} view={query} first={first} selectable={annotator} />
        )}
      </section>
    </div>
  );
}
