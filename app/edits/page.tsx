import Link from "next/link";

import { EditCard } from "@/components/gallery/edit-card";
import { FacetSidebar } from "@/components/gallery/facet-sidebar";
import { countFacets, findEdits } from "@/lib/data/edits";
import { getTaxonomy } from "@/lib/data/taxonomy";
import { formatCount } from "@/lib/format";
import { galleryHref } from "@/lib/queries/filter-links";
import { filterFromParams } from "@/lib/schemas/edit-filter-params";
import { galleryPageFromParams } from "@/lib/schemas/gallery-params";

export const metadata = { title: "Gallery" };
export const dynamic = "force-dynamic";

const PAGE_SIZE = 48;

export default async function GalleryPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = new URLSearchParams(Object.entries(await searchParams).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
  const filter = filterFromParams(params);
  const page = galleryPageFromParams(params);
  if (!filter.ok || !page.ok) {
    const problems = [...(filter.ok ? [] : filter.problems), ...(page.ok ? [] : page.problems)];
    return (
      <div className="max-w-xl rounded-lg border border-amber-300 bg-amber-50 p-6 text-sm">
        <h1 className="text-lg font-semibold">This link has a filter the gallery cannot read</h1>
        <ul className="mt-2 list-disc pl-5">
          {problems.map((problem) => (
            <li key={problem.param}>
              <code>{problem.param}</code>: {problem.message}
            </li>
          ))}
        </ul>
        <Link href="/edits" className="mt-4 inline-block underline">
          Show all edits
        </Link>
      </div>
    );
  }
  const [facets, edits, taxonomy] = await Promise.all([countFacets(filter.filter), findEdits(filter.filter, { ...page.page, limit: PAGE_SIZE }), getTaxonomy()]);
  const filtered = Object.keys(filter.filter).length > 0;
  return (
    <div className="grid gap-8 md:grid-cols-[16rem_1fr]">
      <FacetSidebar filter={filter.filter} facets={facets} taxonomy={taxonomy} />
      <section>
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">Gallery</h1>
          <p className="text-sm text-zinc-600">
            <span data-testid="gallery-total">{formatCount(facets.total)}</span> edits{filtered ? " match" : ""}
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
        {edits.items.length === 0 ? (
          <p className="mt-8 text-sm text-zinc-600">No edit matches this filter.</p>
        ) : (
          <ul className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="gallery-grid">
            {edits.items.map((edit) => (
              <EditCard key={edit.id} edit={edit} />
            ))}
          </ul>
        )}
        {edits.nextCursor !== null ? (
          <Link href={galleryHref(filter.filter, { cursor: String(edits.nextCursor) })} className="mt-6 inline-block rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm hover:bg-zinc-50">
            Next {PAGE_SIZE}
          </Link>
        ) : null}
      </section>
    </div>
  );
}
