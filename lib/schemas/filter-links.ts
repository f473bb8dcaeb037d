import type { EditFilter } from "./edit-filter";
import { filterToParams } from "./edit-filter-params";

// Links of the gallery's filter controls: each one the current view with one change.

export function galleryHref(filter: EditFilter, extra: Record<string, string> = {}): string {
  const params = filterToParams(filter);
  for (const [key, value] of Object.entries(extra)) params.set(key, value);
  const query = params.toString();
  return query ? `/edits?${query}` : "/edits";
}

type ListKey = "categories" | "types" | "subsets" | "flags";

// Adds the value to a list field, or takes it out when it is there.
export function toggleInList<K extends ListKey>(
  filter: EditFilter,
  key: K,
  value: NonNullable<EditFilter[K]>[number],
): EditFilter {
  const current = (filter[key] ?? []) as (typeof value)[];
  const next = current.includes(value) ? current.filter((item) => item !== value) : [...current, value];
  const { [key]: _dropped, ...rest } = filter;
  return next.length ? { ...rest, [key]: next } : rest;
}

// Sets a single-valued field, or clears it when it already has that value.
export function toggleValue<K extends "judge" | "human" | "effective">(
  filter: EditFilter,
  key: K,
  value: NonNullable<EditFilter[K]>,
): EditFilter {
  const { [key]: current, ...rest } = filter;
  return current === value ? rest : { ...rest, [key]: value };
}
