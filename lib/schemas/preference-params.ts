import { z } from "zod";

import type { EditFilter } from "./edit-filter";
import { filterFromParams, filterToParams, type ParamProblem } from "./edit-filter-params";
import { checkParams, LIST_PARAMS, listPageFromParams } from "./page-params";

// The view of /preferences as URL search params:
//   types=3,4  categories=2  provenance=human  changes=added  cursor=<last pair or change id>  limit=20
// types and categories are the gallery's params, read by its parser; changes=added|removed
// lists the pair changes reviews caused instead of the pairs.

export const PROVENANCES = ["judge", "human"] as const;
export const CHANGE_KINDS = ["added", "removed"] as const;
export type Provenance = (typeof PROVENANCES)[number];
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const PREFERENCE_PARAMS = ["types", "categories", "provenance", "changes", ...LIST_PARAMS] as const;

// A pair card is tall (three images, two score tables): fewer per page than the list
// default of 60 that the sequences' small cards take.
export const PAIRS_PER_PAGE = 20;

export type PairFilter = Pick<EditFilter, "types" | "categories"> & { provenance?: Provenance };
export type PreferenceView = { filter: PairFilter; changes?: ChangeKind; cursor?: number; limit?: number };
export type ParsedPreferenceView = { ok: true; view: PreferenceView } | { ok: false; problems: ParamProblem[] };

const viewSchema = z.object({
  provenance: z.enum(PROVENANCES, { error: `must be one of ${PROVENANCES.join(", ")}` }).optional(),
  changes: z.enum(CHANGE_KINDS, { error: `must be one of ${CHANGE_KINDS.join(", ")}` }).optional(),
});

export function preferenceViewFromParams(params: URLSearchParams): ParsedPreferenceView {
  const unread = checkParams(params, PREFERENCE_PARAMS);
  if (unread.length) return { ok: false, problems: unread };
  const filter = filterFromParams(params);
  const page = listPageFromParams(params);
  const own = viewSchema.safeParse({
    provenance: params.get("provenance") ?? undefined,
    changes: params.get("changes") ?? undefined,
  });
  const problems = [
    ...(filter.ok ? [] : filter.problems),
    ...(own.success ? [] : own.error.issues.map((issue) => ({ param: String(issue.path[0]), message: issue.message }))),
    ...(page.ok ? [] : page.problems),
  ];
  // A pair change that removed a pair has no provenance left to filter by.
  if (own.data?.provenance && own.data.changes)
    problems.push({ param: "provenance", message: "does not apply to the list of pair changes" });
  if (problems.length || !filter.ok || !own.success || !page.ok) return { ok: false, problems };
  const { types, categories } = filter.filter;
  return {
    ok: true,
    view: {
      filter: { types, categories, provenance: own.data.provenance },
      changes: own.data.changes,
      cursor: page.page.cursor,
      // Only a limit given in the link is kept in the links the page makes.
      limit: params.has("limit") ? page.page.limit : undefined,
    },
  };
}

// The view as a link to /preferences: only the params that differ from the defaults.
export function preferencesHref(view: PreferenceView): string {
  const params = filterToParams({ types: view.filter.types, categories: view.filter.categories });
  if (view.filter.provenance) params.set("provenance", view.filter.provenance);
  if (view.changes) params.set("changes", view.changes);
  if (view.cursor !== undefined) params.set("cursor", String(view.cursor));
  if (view.limit !== undefined) params.set("limit", String(view.limit));
  const query = params.toString();
  return query ? `/preferences?${query}` : "/preferences";
}
