import { z } from "zod";

import { DEFAULT_SORT, parseCursor, SORTS, type Cursor, type Sort } from "../queries/gallery-order";
import type { EditFilter } from "./edit-filter";
import { filterToParams, type ParamProblem } from "./edit-filter-params";

// A gallery page's own params beside the filter's:
//   sort=overall_desc  seed=7 (random order only)  cursor=<as the page before gave it>  limit=60
export const GALLERY_PARAMS = ["sort", "seed", "cursor", "limit"] as const;
export const DEFAULT_SEED = 1;
export const DEFAULT_LIMIT = 60;

const schema = z.object({
  sort: z.enum(SORTS, { error: `must be one of ${SORTS.join(", ")}` }).default(DEFAULT_SORT),
  seed: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(0, { error: "must be at least 0" }).max(2_147_483_647, { error: "must be at most 2147483647" }).default(DEFAULT_SEED),
  cursor: z.string().optional(),
  limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: "must be at least 1" }).max(200, { error: "must be at most 200" }).default(DEFAULT_LIMIT),
});

export type GalleryPage = { sort: Sort; seed: number; cursor?: Cursor; limit: number };

export function galleryPageFromParams(params: URLSearchParams): { ok: true; page: GalleryPage } | { ok: false; problems: ParamProblem[] } {
  const raw = Object.fromEntries(GALLERY_PARAMS.flatMap((key) => (params.has(key) ? [[key, params.get(key)]] : [])));
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => ({ param: String(issue.path[0]), message: issue.message })) };
  const { cursor: text, ...page } = parsed.data;
  if (text === undefined) return { ok: true, page };
  const cursor = parseCursor(page.sort, text);
  if (typeof cursor === "string") return { ok: false, problems: [{ param: "cursor", message: cursor }] };
  return { ok: true, page: { ...page, cursor } };
}

// The params of a view's order: none for the default, the seed only for the random one.
export function orderParams(view: { sort: Sort; seed: number }): Record<string, string> {
  if (view.sort === DEFAULT_SORT) return {};
  return view.sort === "random" ? { sort: view.sort, seed: String(view.seed) } : { sort: view.sort };
}

// A gallery view (filter and order, no cursor) as URL params.
export function viewParams(filter: EditFilter, view: { sort: Sort; seed: number }): URLSearchParams {
  const params = filterToParams(filter);
  for (const [key, value] of Object.entries(orderParams(view))) params.set(key, value);
  return params;
}
