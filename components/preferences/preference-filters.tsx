import Link from "next/link";

import type { TaxonomyCategory } from "@/lib/data/taxonomy";
import { toggleInList } from "@/lib/schemas/filter-links";
import { PROVENANCES, preferencesHref, type PairFilter, type PreferenceView } from "@/lib/schemas/preference-params";

function FilterLink({
  href,
  label,
  active,
  testId,
}: {
  href: string;
  label: string;
  active: boolean;
  testId?: string;
}) {
  return (
    <Link
      href={href}
      aria-pressed={active}
      data-testid={testId}
      className={`block truncate rounded px-2 py-1 text-sm ${active ? "bg-zinc-900 text-white" : "text-zinc-700 hover:bg-zinc-100"}`}
    >
      {label}
    </Link>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section>
      <h2 className="mb-1 px-2 text-xs font-medium uppercase tracking-wide text-zinc-500">{title}</h2>
      <div className="space-y-0.5">{children}</div>
    </section>
  );
}

// The view's filters as links, each the view with one change, back at its first page.
// Provenance is a pair's: choosing one leaves the list of pair changes for the pairs.
export function PreferenceFilters({ view, taxonomy }: { view: PreferenceView; taxonomy: TaxonomyCategory[] }) {
  const { filter } = view;
  const at = (next: PairFilter, changes = view.changes) =>
    preferencesHref({ filter: next, changes, limit: view.limit });
  const toggle = (key: "types" | "categories", id: number) => {
    const { types, categories } = toggleInList({ types: filter.types, categories: filter.categories }, key, id);
    return at({ types, categories, provenance: filter.provenance });
  };
  return (
    <nav aria-label="Filters" className="space-y-5">
      <Section title="Provenance">
        <FilterLink
          href={at({ ...filter, provenance: undefined }, undefined)}
          label="any"
          active={!view.changes && !filter.provenance}
        />
        {PROVENANCES.map((provenance) => (
          <FilterLink
            key={provenance}
            testId={`provenance-${provenance}`}
            href={at({ ...filter, provenance: filter.provenance === provenance ? undefined : provenance }, undefined)}
            label={provenance === "judge" ? "judge" : "human (reviewed)"}
            active={!view.changes && filter.provenance === provenance}
          />
        ))}
      </Section>
      <Section title="Category">
        {taxonomy.map((category) => (
          <FilterLink
            key={category.id}
            testId={`category-${category.id}`}
            href={toggle("categories", category.id)}
            label={category.name}
            active={!!filter.categories?.includes(category.id)}
          />
        ))}
      </Section>
      <Section title="Edit type">
        {taxonomy.map((category) => (
          <div key={category.id} className="pb-1">
            <h3 className="px-2 pt-1 text-xs text-zinc-400">{category.name}</h3>
            {category.types.map((type) => (
              <FilterLink
                key={type.id}
                testId={`type-${type.id}`}
                href={toggle("types", type.id)}
                label={type.name}
                active={!!filter.types?.includes(type.id)}
              />
            ))}
          </div>
        ))}
      </Section>
    </nav>
  );
}
