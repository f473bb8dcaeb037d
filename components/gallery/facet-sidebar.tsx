"use client";

import Link from "next/link";

import type { Facets } from "@/lib/data/edits";
import type { TaxonomyCategory } from "@/lib/data/taxonomy";
import { formatCount } from "@/lib/format";
import { galleryHref as hrefOf, toggleInList, toggleValue } from "@/lib/schemas/filter-links";
import { SIGNAL_FLAGS, SUBSETS, type EditFilter, type SignalFlag } from "@/lib/schemas/edit-filter";

function FacetLink({
  href,
  label,
  count,
  active,
  testId,
}: {
  href: string;
  label: string;
  count: number;
  active: boolean;
  testId?: string;
}) {
  return (
    <Link
      href={href}
      aria-pressed={active}
      data-testid={testId}
      className={`flex justify-between gap-2 rounded px-2 py-1 text-sm ${active ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-100"}`}
    >
      <span className="truncate">{label}</span>
      <span className="tabular-nums opacity-70">{formatCount(count)}</span>
    </Link>
  );
}

const FLAG_LABELS: Record<SignalFlag, string> = {
  "no-op": "no-op",
  "over-edit": "over-edit",
  size: "size changed",
  unavailable: "image unavailable",
  unmeasured: "not measured",
};

const countOf = (counts: { value: string; count: number }[], value: string | number) =>
  counts.find((c) => c.value === String(value))?.count ?? 0;

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h2 className="mb-1 px-2 text-xs font-medium uppercase tracking-wide text-zinc-500">{title}</h2>
      <div className="space-y-0.5">{children}</div>
    </section>
  );
}

// Facets with their counts under the rest of the filter; every entry is a link that
// toggles it, so the whole view lives in the URL. order: the view's sort params, kept.
export function FacetSidebar({
  filter,
  facets,
  taxonomy,
  order,
}: {
  filter: EditFilter;
  facets: Facets;
  taxonomy: TaxonomyCategory[];
  order: Record<string, string>;
}) {
  const galleryHref = (next: EditFilter) => hrefOf(next, order);
  return (
    <nav aria-label="Filters" className="space-y-5">
      <Section title="Subset">
        {SUBSETS.map((subset) => (
          <FacetLink
            key={subset}
            href={galleryHref(toggleInList(filter, "subsets", subset))}
            label={subset}
            count={countOf(facets.subsets, subset)}
            active={!!filter.subsets?.includes(subset)}
          />
        ))}
      </Section>
      <Section title="Effective verdict">
        {(["pass", "fail", "none"] as const).map((verdict) => (
          <FacetLink
            key={verdict}
            href={galleryHref(toggleValue(filter, "effective", verdict))}
            label={verdict === "none" ? "not judged" : verdict}
            count={countOf(facets.effective, verdict)}
            active={filter.effective === verdict}
          />
        ))}
      </Section>
      <Section title="Judge verdict">
        {(["pass", "fail", "none"] as const).map((verdict) => (
          <FacetLink
            key={verdict}
            href={galleryHref(toggleValue(filter, "judge", verdict))}
            label={verdict === "none" ? "not judged" : verdict}
            count={countOf(facets.judge, verdict)}
            active={filter.judge === verdict}
          />
        ))}
      </Section>
      <Section title="Human verdict">
        {(["pass", "fail", "none"] as const).map((verdict) => (
          <FacetLink
            key={verdict}
            testId={`human-${verdict}`}
            href={galleryHref(toggleValue(filter, "human", verdict))}
            label={verdict === "none" ? "not reviewed" : verdict}
            count={countOf(facets.human, verdict)}
            active={filter.human === verdict}
          />
        ))}
      </Section>
      <Section title="Change signals">
        {SIGNAL_FLAGS.map((flag) => (
          <FacetLink
            key={flag}
            testId={`flag-${flag}`}
            href={galleryHref(toggleInList(filter, "flags", flag))}
            label={FLAG_LABELS[flag]}
            count={countOf(facets.flags, flag)}
            active={!!filter.flags?.includes(flag)}
          />
        ))}
      </Section>
      <Section title="Category">
        {taxonomy.map((category) => (
          <FacetLink
            key={category.id}
            testId={`category-${category.id}`}
            href={galleryHref(toggleInList(filter, "categories", category.id))}
            label={category.name}
            count={countOf(facets.categories, category.id)}
            active={!!filter.categories?.includes(category.id)}
          />
        ))}
      </Section>
      <Section title="Edit type">
        {taxonomy
          .flatMap((category) => category.types)
          .map((type) => (
            <FacetLink
              key={type.id}
              href={galleryHref(toggleInList(filter, "types", type.id))}
              label={type.name}
              count={countOf(facets.types, type.id)}
              active={!!filter.types?.includes(type.id)}
            />
          ))}
      </Section>
    </nav>
  );
}
