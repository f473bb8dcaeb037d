import type { EditFilter } from "../schemas/edit-filter";
import { TYPE_IDS_BY_CATEGORY_ID } from "../taxonomy/taxonomy";
import { editFilterWhere, ORIGINS } from "./edit-filter-sql";
import { DEFAULT_SORT, pageQuery, type Cursor, type PageQuery, type Sort } from "./gallery-order";

// The SQL of the gallery's two reads, a page of cards and the facet counts, apart from
// running it: lib/data/edits.ts runs it in the app, npm run bench:browse sends the same
// text straight to Postgres as the baseline.

export type GalleryView = { sort?: Sort; seed?: number; cursor?: Cursor; limit: number };

const CARD_COLUMNS = `e."id", et."name" AS "editType", t."shortInstruction", e."overall", e."judgeVerdict", e."humanVerdict", e."effectiveVerdict",
  t."sourceImageId", si."uri" AS "sourceUri", si."localPath" AS "sourceLocalPath", e."outputImageId", oi."uri" AS "outputUri", oi."localPath" AS "outputLocalPath"`;
const CARD_FROM = `FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
  JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"`;
const FROM_EDIT = `FROM "Edit" e`;
const FROM_WITH_TASK = `FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"`;

// One page of cards and one row more, which tells whether a next page exists.
export function galleryPageQuery(filter: EditFilter, view: GalleryView): PageQuery {
  return pageQuery({ columns: CARD_COLUMNS, from: CARD_FROM, where: editFilterWhere(filter), sort: view.sort ?? DEFAULT_SORT, seed: view.seed ?? 1, cursor: view.cursor, limit: view.limit + 1, split: splitOf(filter) });
}

// The column a page in id order is read by, value by value (see pageQuery): the edit
// types the filter keeps when it names types or categories, else the origins of its subsets.
function splitOf(filter: EditFilter): { column: string; values: unknown[]; type: string } | undefined {
  const ofCategories = filter.categories?.length ? filter.categories.flatMap((id) => TYPE_IDS_BY_CATEGORY_ID.get(id) ?? []) : undefined;
  const types = filter.types?.length ? (ofCategories ? filter.types.filter((id) => ofCategories.includes(id)) : filter.types) : ofCategories;
  if (types) return { column: `e."editTypeId"`, values: types, type: "int" };
  if (filter.subsets?.length) return { column: `e."origin"`, values: filter.subsets.flatMap((subset) => ORIGINS[subset]), type: `"EditOrigin"` };
  return undefined;
}

// The id and sort key of the edits of a view, one page of them (for neighbours).
export function viewIdsQuery(filter: EditFilter, view: { sort: Sort; seed: number; cursor?: Cursor; limit: number; reversed?: boolean; only?: number }): PageQuery {
  const where = editFilterWhere(filter);
  const restricted = view.only === undefined ? where : { ...where, text: `${where.text} AND e."id" = $${where.values.length + 1}`, values: [...where.values, view.only] };
  return pageQuery({ columns: `e."id"`, from: where.usesTask ? FROM_WITH_TASK : FROM_EDIT, where: restricted, ...view, split: splitOf(filter) });
}

// "overall" counts edits per bin of the overall score, for the gallery's histogram.
export const FACET_NAMES = ["categories", "types", "subsets", "effective", "judge", "human", "overall"] as const;
export const SCORE_BINS = 20;
export type FacetName = (typeof FACET_NAMES)[number];
export type FacetCount = { value: string; count: number };
export type Facets = { total: number } & Record<FacetName, FacetCount[]>;
// A count of edits per combination of the facet columns, under one filter.
export type CubeRow = { type: number | null; origin: string; judge: string | null; human: string | null; effective: string | null; bin: number | null; count: bigint | number };
export type FacetQuery = PageQuery & { facets: FacetName[]; total: boolean };

// A facet is counted under the filter without its own field, so picking one edit type
// still shows how many edits the others have. Facets that share a filter share one
// query: a GROUP BY over every facet column at once (a few thousand groups at most),
// that each facet then sums. Under a filter of facet columns alone that query reads
// EditFacetCount, the edits already counted that way; under any other it scans the
// edits the filter selects. The query under the whole filter also gives the total.
export function facetQueries(filter: EditFilter): FacetQuery[] {
  const groups = new Map<string, { filter: EditFilter; facets: FacetName[] }>();
  const everything = JSON.stringify(filter);
  groups.set(everything, { filter, facets: [] });
  for (const facet of FACET_NAMES) {
    const others = filter[facet] === undefined ? filter : (({ [facet]: _own, ...rest }) => rest)(filter);
    const key = JSON.stringify(others);
    groups.set(key, { filter: others, facets: [...(groups.get(key)?.facets ?? []), facet] });
  }
  return [...groups.entries()].map(([key, group]) => {
    const where = editFilterWhere(group.filter);
    const counted = Object.keys(group.filter).every((field) => COUNTED_FIELDS.has(field));
    return {
      text: counted
        ? `SELECT e."editTypeId" AS type, e."origin", e."judgeVerdict" AS judge, e."humanVerdict" AS human, e."effectiveVerdict" AS effective, e."bin",
                  sum(e."count")::bigint AS count
           ${FROM_COUNTS} WHERE ${where.text} GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(e."count") > 0`
        : // Bins are 1 to SCORE_BINS; a score of exactly 1 goes in the last.
          `SELECT e."editTypeId" AS type, e."origin", e."judgeVerdict" AS judge, e."humanVerdict" AS human, e."effectiveVerdict" AS effective,
                  least(width_bucket(e."overall", 0, 1, ${SCORE_BINS}), ${SCORE_BINS}) AS bin, count(*) AS count
           ${where.usesTask ? FROM_WITH_TASK : FROM_EDIT} WHERE ${where.text} GROUP BY 1, 2, 3, 4, 5, 6`,
      values: where.values,
      facets: group.facets,
      total: key === everything,
    };
  });
}

// The filter fields EditFacetCount has columns for: a filter of these alone is counted
// there. It reads as "Edit" e does to editFilterWhere, its stand-ins for null undone.
const COUNTED_FIELDS = new Set<string>(["categories", "types", "subsets", "judge", "human", "effective", "reviewed"]);
const FROM_COUNTS = `FROM (SELECT NULLIF("editTypeId", 0) AS "editTypeId", "origin", NULLIF("judgeVerdict", 'none')::"Verdict" AS "judgeVerdict",
    NULLIF("humanVerdict", 'none')::"Verdict" AS "humanVerdict", NULLIF("effectiveVerdict", 'none')::"Verdict" AS "effectiveVerdict",
    NULLIF("bin", 0) AS "bin", "count" FROM "EditFacetCount") e`;

const SUBSET_OF_ORIGIN: Record<string, string> = { SFT: "sft", PREFERENCE_CHOSEN: "preference", PREFERENCE_REJECTED: "preference", MULTI_TURN: "multi-turn" };

// The facets from the cubes of facetQueries, in the same order. typeCategory maps an
// edit type's id to its category's.
export function sumFacets(queries: FacetQuery[], cubes: CubeRow[][], typeCategory: Map<number, number>): Facets {
  const valueOf: Record<FacetName, (row: CubeRow) => string | null> = {
    categories: (row) => (row.type === null ? null : String(typeCategory.get(row.type) ?? "")),
    types: (row) => (row.type === null ? null : String(row.type)),
    subsets: (row) => SUBSET_OF_ORIGIN[row.origin] ?? null,
    effective: (row) => row.effective?.toLowerCase() ?? "none",
    judge: (row) => row.judge?.toLowerCase() ?? "none",
    human: (row) => row.human?.toLowerCase() ?? "none",
    overall: (row) => (row.bin === null ? null : String(row.bin)),
  };
  const facets = { total: 0 } as Facets;
  queries.forEach((query, index) => {
    const cube = cubes[index] ?? [];
    if (query.total) facets.total = cube.reduce((sum, row) => sum + Number(row.count), 0);
    for (const facet of query.facets) {
      const sums = new Map<string, number>();
      for (const row of cube) {
        const value = valueOf[facet](row);
        if (value !== null) sums.set(value, (sums.get(value) ?? 0) + Number(row.count));
      }
      facets[facet] = [...sums].map(([value, count]) => ({ value, count })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
    }
  });
  return facets;
}

// The histogram's counts, bin 1 first, from the "overall" facet.
export function scoreBins(facets: Facets): number[] {
  const counts = new Map(facets.overall.map((count) => [Number(count.value), count.count]));
  return Array.from({ length: SCORE_BINS }, (_, index) => counts.get(index + 1) ?? 0);
}
