import { notFound } from "next/navigation";
import { z } from "zod";

import { DEFAULT_SORT, parseCursor, SORTS, type Cursor, type Sort } from "../sql/gallery-order";
import type { EditFilter } from "./edit-filter";
import { filterToParams, type ParamProblem } from "./edit-filter-params";

// The one reader of a page's own params, beside the filter's (edit-filter-params.ts): its
// [id] segment, its searchParams, and the paging of the gallery and of plain lists.

// The numeric id of a page's [id] segment; anything else is a page that does not exist.
export function pageId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}

export type PageSearchParams = Record<string, string | string[] | undefined>;

// A page's searchParams as URLSearchParams, for the parsers the API routes share. A param
// given twice is dropped, as the parsers read one value per param.
export function searchParamsOf(query: PageSearchParams): URLSearchParams {
  return new URLSearchParams(
    Object.entries(query).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])),
  );
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
  cursor: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be an integer" })
    .positive({ error: "must be positive" })
    .optional(),
  limit: limitSchema,
});

export type ListPage = z.infer<typeof listSchema>;

export const listPageFromParams = (params: URLSearchParams): Parsed<ListPage> =>
  parse(listSchema, params, ["cursor", "limit"]);

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
