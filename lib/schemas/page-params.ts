import { z } from "zod";

import { DEFAULT_SORT, parseCursor, SORTS, type Cursor, type Sort } from "../sql/gallery-order";
import type { EditFilter } from "./edit-filter";
import { filterToParams, type ParamProblem } from "./edit-filter-params";
import { idSchema } from "./id";

// The one reader of a page's own params, beside the filter's (edit-filter-params.ts): its
// searchParams, checked, and the paging of the gallery and of plain lists. A page's [id]
// segment is read by parseId (./id.ts).

export type PageSearchParams = Record<string, string | string[] | undefined>;

// A page's searchParams as URLSearchParams, a repeated param's every value kept, so that
// checkParams can refuse it as the API does.
export function searchParamsOf(query: PageSearchParams): URLSearchParams {
  return new URLSearchParams(
    Object.entries(query).flatMap(([key, value]) =>
      value === undefined ? [] : (Array.isArray(value) ? value : [value]).map((one) => [key, one]),
    ),
  );
}

// C0 and C1 control characters and DEL: never part of a filter, and NUL cannot reach
// PostgreSQL's text at all.
export const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

// What is wrong with a query before its params are read: a param the view does not know (a
// typo would otherwise be ignored and return everything), a param given twice (every param
// of ours holds one value; lists are comma-separated), a control character.
export function checkParams(params: URLSearchParams, known: Iterable<string>): ParamProblem[] {
  const knownSet = new Set(known);
  const problems: ParamProblem[] = [];
  const seen = new Set<string>();
  for (const [key, value] of params) {
    const name = CONTROL.test(key) ? JSON.stringify(key) : key;
    if (!knownSet.has(key)) {
      if (!seen.has(key)) {
        problems.push({ param: name, message: `is not a param of this view (known: ${[...knownSet].join(", ")})` });
      }
    } else if (seen.has(key)) {
      if (!problems.some((problem) => problem.param === key)) {
        problems.push({ param: key, message: "is given more than once" });
      }
    } else if (CONTROL.test(value)) {
      problems.push({ param: key, message: "holds a control character" });
    }
    seen.add(key);
  }
  return problems;
}

type Parsed<T> = { ok: true; page: T } | { ok: false; problems: ParamProblem[] };

const DEFAULT_LIMIT = 60;
const limitSchema = z.coerce
  .number({ error: "must be a number" })
  .int({ error: "must be an integer" })
  .min(1, { error: "must be at least 1" })
  .max(200, { error: "must be at most 200" })
  .default(DEFAULT_LIMIT);

function parse<S extends z.ZodType>(schema: S, params: URLSearchParams, keys: readonly string[]): Parsed<z.infer<S>> {
  const raw = Object.fromEntries(keys.flatMap((key) => (params.has(key) ? [[key, params.get(key)]] : [])));
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, page: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({ param: String(issue.path[0]), message: issue.message })),
  };
}

// A plain list's paging (sequences): cursor (the last id seen) and limit.
const listSchema = z.object({
  cursor: idSchema.optional(),
  limit: limitSchema,
});

export type ListPage = z.infer<typeof listSchema>;

export const LIST_PARAMS = ["cursor", "limit"] as const;

export const listPageFromParams = (params: URLSearchParams): Parsed<ListPage> => parse(listSchema, params, LIST_PARAMS);

// The gallery's paging and order:
//   sort=overall_desc  seed=7 (random order only)  cursor=<as the page before gave it>  limit=60
export const GALLERY_PARAMS = ["sort", "seed", "cursor", "limit"] as const;
export const DEFAULT_SEED = 1;

const gallerySchema = z.object({
  sort: z.enum(SORTS, { error: `must be one of ${SORTS.join(", ")}` }).default(DEFAULT_SORT),
  seed: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be an integer" })
    .min(0, { error: "must be at least 0" })
    .max(2_147_483_647, { error: "must be at most 2147483647" })
    .default(DEFAULT_SEED),
  cursor: z.string().optional(),
  limit: limitSchema,
});

export type GalleryPage = { sort: Sort; seed: number; cursor?: Cursor; limit: number };

export function galleryPageFromParams(params: URLSearchParams): Parsed<GalleryPage> {
  const parsed = parse(gallerySchema, params, GALLERY_PARAMS);
  if (!parsed.ok) return parsed;
  const { cursor: text, ...page } = parsed.page;
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
