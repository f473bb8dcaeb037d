import type { EditFilter, SignalFlag } from "../schemas/edit-filter";
import { FLAG_BITS } from "../signals/flags";
import { OVERALL_BIN_COUNT, overallBinSql } from "../scoring/overall-bins";
import { CATEGORY_ID_BY_TYPE_ID, typeIdsOfCategories } from "../taxonomy/taxonomy";
import { editFilterWhere, hasScoreRange, JUDGED_VERDICTS, ORIGINS } from "./edit-filter";
import { DEFAULT_SORT, pageQuery, type Cursor, type IdPageQuery, type PageQuery, type Sort } from "./gallery-order";

// The SQL of the gallery's two reads, a page of cards and the facet counts, apart from
// running it: lib/data/edits.ts runs it in the app, npm run bench:browse sends the same
// text straight to Postgres as the baseline.

export type GalleryView = { sort?: Sort; seed?: number; cursor?: Cursor; limit: number };

const CARD_COLUMNS = `e."id", et."name" AS "editType", t."shortInstruction", e."overall", e."judgeVerdict", e."humanVerdict", e."effectiveVerdict",
  t."sourceImageId", si."uri" AS "sourceUri", si."localPath" AS "sourceLocalPath", e."outputImageId", oi."uri" AS "outputUri", oi."localPath" AS "outputLocalPath"`;
const CARD_JOINS = `JOIN "Edit" e ON e."id" = p."id" JOIN "Task" t ON t."id" = e."taskId" LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
  JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"`;
const FROM_EDIT = `FROM "Edit" e`;
const FROM_WITH_TASK = `FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"`;

// One page of cards and one row more, which tells whether a next page exists. The page's
// ids come first and only they are joined to their cards: joined before the order and
// limit, a text search fetched task, images and type of every match (772 for "golden
// light") to keep 61.
export function galleryPageQuery(filter: EditFilter, view: GalleryView): PageQuery {
  const ids = viewIdsQuery(filter, {
    sort: view.sort ?? DEFAULT_SORT,
    seed: view.seed ?? 1,
    cursor: view.cursor,
    limit: view.limit + 1,
  });
  return {
    text: `SELECT ${CARD_COLUMNS}, p."sortKey" FROM (${ids.text}) p ${CARD_JOINS} ORDER BY ${ids.order("p")}`,
    values: ids.values,
  };
}

// The cards of a page whose ids (and sort keys) are known, in their order: a page the
// in-memory index found (lib/data/edit-index.ts).
export function cardsQuery(rows: { id: number; sortKey: number | null }[]): PageQuery {
  return {
    text: `SELECT ${CARD_COLUMNS}, p."sortKey" FROM unnest($1::int[], $2::float8[]) WITH ORDINALITY AS p("id", "sortKey", "n")
           ${CARD_JOINS} ORDER BY p."n"`,
    values: [rows.map((row) => row.id), rows.map((row) => row.sortKey)],
  };
}

// The column a page in id order is read by, value by value (see pageQuery): the edit
// types the filter keeps when it names types or categories, else the origins of its
// subsets, else the judge's verdicts when it keeps only scored edits: the newest edits of
// the full release are unscored multi-turn turns, which a walk of the id index would pass.
function splitOf(filter: EditFilter): { column: string; values: unknown[]; type: string } | undefined {
  const ofCategories = filter.categories?.length ? typeIdsOfCategories(filter.categories) : undefined;
  const types = filter.types?.length
    ? ofCategories
      ? filter.types.filter((id) => ofCategories.includes(id))
      : filter.types
    : ofCategories;
  if (types) return { column: `e."editTypeId"`, values: types, type: "int" };
  if (filter.subsets?.length)
    return { column: `e."origin"`, values: filter.subsets.flatMap((subset) => ORIGINS[subset]), type: `"EditOrigin"` };
  if (filter.judge === undefined && hasScoreRange(filter))
    return { column: `e."judgeVerdict"`, values: JUDGED_VERDICTS, type: `"Verdict"` };
  return undefined;
}

// The id and sort key of the edits of a view, one page of them: a gallery page before its
// cards are joined, or an edit's neighbours.
export function viewIdsQuery(
  filter: EditFilter,
  view: { sort: Sort; seed: number; cursor?: Cursor; limit: number; reversed?: boolean; only?: number },
): IdPageQuery {
  const where = editFilterWhere(filter);
  const restricted =
    view.only === undefined
      ? where
      : {
          ...where,
          text: `${where.text} AND e."id" = $${where.values.length + 1}`,
          values: [...where.values, view.only],
        };
  return pageQuery({
    from: where.usesTask ? FROM_WITH_TASK : FROM_EDIT,
    where: restricted,
    ...view,
    split: splitOf(filter),
  });
}

// "overall" counts edits per bin of the overall score, for the gallery's histogram.
export const FACET_NAMES = [
  "categories",
  "types",
  "subsets",
  "effective",
  "judge",
  "human",
  "flags",
  "overall",
] as const;
export type FacetName = (typeof FACET_NAMES)[number];
export type FacetCount = { value: string; count: number };
export type Facets = { total: number } & Record<FacetName, FacetCount[]>;
// A count of edits per combination of the facet columns.
export type CubeRow = {
  type: number | null;
  origin: string;
  judge: string | null;
  human: string | null;
  effective: string | null;
  bin: number | null;
  flags: number | null; // Edit.signalFlags
  count: bigint | number;
};
// for: the facets' own cube, or the overall histogram's (counted without the overall range).
// rest: the filter the cube counts the edits of. setup: a statement to run first in the
// query's transaction, if any; allEdits: the cube of all edits, the same rows for every filter.
export type FacetQuery = PageQuery & {
  for: "facets" | "histogram";
  rest: EditFilter;
  setup?: string;
  allEdits?: true;
};

// A cube scan aggregates tens of thousands of edits or more. At the default setup cost of
// 1000 the planner ran a text search's scan (38K tasks, 44K edits) in one process,
// 145 ms; with parallel workers priced at 100 it uses both cores: 90 ms.
export const PARALLEL_SCAN = "SET LOCAL parallel_setup_cost = 100";

// The filter fields that are functions of the cube's columns: a cube row either has
// them or not, so they are applied to the cube in JavaScript, not in SQL.
const CUBE_FIELDS = ["categories", "types", "subsets", "judge", "human", "effective", "reviewed", "flags"] as const;
type CubeField = (typeof CUBE_FIELDS)[number];

// A facet is counted under the filter without its own field, so picking one edit type
// still shows how many edits the others have. Every facet comes from one cube: the
// edits under the rest of the filter (text, source, scores...) counted by every facet
// column at once, a few thousand rows at most. Each facet sums the cube rows that pass
// the cube fields of the filter but its own. With no rest the cube is EditFacetCount,
// the edits already counted that way by triggers; else one scan of the edits the rest
// selects. The histogram of overall scores, counted without the overall range, needs a
// cube of its own when the filter has one.
export function facetQueries(filter: EditFilter): FacetQuery[] {
  const rest = Object.fromEntries(
    Object.entries(filter).filter(([field]) => !(CUBE_FIELDS as readonly string[]).includes(field)),
  ) as EditFilter;
  const queries: FacetQuery[] = [{ ...cubeQuery(rest), for: "facets", rest }];
  if (rest.overall !== undefined) {
    const { overall: _range, ...others } = rest;
    queries.push({ ...cubeQuery(others), for: "histogram", rest: others });
  }
  return queries;
}

function cubeQuery(rest: EditFilter): PageQuery & { setup?: string; allEdits?: true } {
  if (Object.keys(rest).length === 0) {
    return {
      text: `SELECT e."editTypeId" AS type, e."origin", e."judgeVerdict" AS judge, e."humanVerdict" AS human, e."effectiveVerdict" AS effective, e."bin", e."signalFlags" AS flags, e."count" ${FROM_COUNTS} WHERE e."count" > 0`,
      values: [],
      allEdits: true,
    };
  }
  const where = editFilterWhere(rest);
  return {
    text: `SELECT e."editTypeId" AS type, e."origin", e."judgeVerdict" AS judge, e."humanVerdict" AS human, e."effectiveVerdict" AS effective,
                  ${overallBinSql('e."overall"')} AS bin, e."signalFlags" AS flags, count(*) AS count
           ${where.usesTask ? FROM_WITH_TASK : FROM_EDIT} WHERE ${where.text} GROUP BY 1, 2, 3, 4, 5, 6, 7`,
    values: where.values,
    setup: PARALLEL_SCAN,
  };
}

// EditFacetCount read as editFilterWhere reads "Edit" e, its stand-ins for null undone.
const FROM_COUNTS = `FROM (SELECT NULLIF("editTypeId", 0) AS "editTypeId", "origin", NULLIF("judgeVerdict", 'none')::"Verdict" AS "judgeVerdict",
    NULLIF("humanVerdict", 'none')::"Verdict" AS "humanVerdict", NULLIF("effectiveVerdict", 'none')::"Verdict" AS "effectiveVerdict",
    NULLIF("bin", 0) AS "bin", NULLIF("flags", -1) AS "signalFlags", "count" FROM "EditFacetCount") e`;

export const SUBSET_OF_ORIGIN: Record<string, string> = Object.fromEntries(
  Object.entries(ORIGINS).flatMap(([subset, origins]) => origins.map((origin) => [origin, subset])),
);

// Whether a cube row passes one cube field of the filter.
function passes(row: CubeRow, field: CubeField, filter: EditFilter): boolean {
  const verdict = (value: string | null, wanted: "pass" | "fail" | "none") =>
    wanted === "none" ? value === null : value === wanted.toUpperCase();
  switch (field) {
    case "types":
      return row.type !== null && filter.types!.includes(row.type);
    case "categories":
      return row.type !== null && filter.categories!.includes(CATEGORY_ID_BY_TYPE_ID.get(row.type) ?? 0);
    case "subsets":
      return filter.subsets!.includes(SUBSET_OF_ORIGIN[row.origin] as never);
    case "judge":
      return verdict(row.judge, filter.judge!);
    case "human":
      return verdict(row.human, filter.human!);
    case "effective":
      return verdict(row.effective, filter.effective!);
    case "reviewed":
      return (row.human !== null) === filter.reviewed;
    case "flags":
      return flagsOfRow(row).some((flag) => filter.flags!.includes(flag));
  }
}

const FLAG_NAMES = Object.keys(FLAG_BITS) as (keyof typeof FLAG_BITS)[];

// The flags of a cube row's edits, each given to `add`: those of its bits, or "unmeasured".
function eachFlag(row: CubeRow, add: (flag: SignalFlag) => void) {
  if (row.flags === null) add("unmeasured");
  else for (const flag of FLAG_NAMES) if ((row.flags & FLAG_BITS[flag]) !== 0) add(flag);
}

function flagsOfRow(row: CubeRow): SignalFlag[] {
  const flags: SignalFlag[] = [];
  eachFlag(row, (flag) => flags.push(flag));
  return flags;
}

// A verdict as the facets name it.
const verdictValue = (value: string | null) => (value === "PASS" ? "pass" : value === "FAIL" ? "fail" : "none");

// The cube rows of the edits the whole filter keeps (its cube fields applied to a cube of
// facetQueries(filter)).
export function cubeRowsUnder(filter: EditFilter, cube: CubeRow[]): CubeRow[] {
  const set = CUBE_FIELDS.filter(
    (field) =>
      filter[field] !== undefined && !(Array.isArray(filter[field]) && (filter[field] as unknown[]).length === 0),
  );
  return cube.filter((row) => set.every((field) => passes(row, field, filter)));
}

// The facets from the cubes of facetQueries(filter), in the same order.
export function sumFacets(filter: EditFilter, queries: FacetQuery[], cubes: CubeRow[][]): Facets {
  const set = CUBE_FIELDS.filter(
    (field) =>
      filter[field] !== undefined && !(Array.isArray(filter[field]) && (filter[field] as unknown[]).length === 0),
  );
  const cube = (purpose: FacetQuery["for"]) =>
    cubes[queries.findIndex((query) => query.for === purpose)] ?? cubes[0] ?? [];
  // Per cube row, the bits of the filter's fields it fails: each field is tested once per
  // row, not once per facet (a cube of a criterion range has thousands of rows).
  const failures = new Map<CubeRow[], Uint32Array>();
  const failing = (rows: CubeRow[]) => {
    let bits = failures.get(rows);
    if (!bits) {
      bits = Uint32Array.from(rows, (row) =>
        set.reduce((fails, field, bit) => (passes(row, field, filter) ? fails : fails | (1 << bit)), 0),
      );
      failures.set(rows, bits);
    }
    return bits;
  };
  const allBut = (except?: CubeField) => ~(except === undefined ? 0 : 1 << set.indexOf(except));
  // A row's values of each facet, each given to `add`: the flags facet alone may give a row
  // several (or none). Nothing is allocated per row: summing the 782 rows of the full
  // release's cube took 0.8-1.4 ms when each value came in an array of its own.
  const valuesOf: Record<FacetName, (row: CubeRow, add: (value: string) => void) => void> = {
    categories: (row, add) => {
      if (row.type !== null) add(String(CATEGORY_ID_BY_TYPE_ID.get(row.type) ?? ""));
    },
    types: (row, add) => {
      if (row.type !== null) add(String(row.type));
    },
    subsets: (row, add) => {
      const subset = SUBSET_OF_ORIGIN[row.origin];
      if (subset !== undefined) add(subset);
    },
    effective: (row, add) => add(verdictValue(row.effective)),
    judge: (row, add) => add(verdictValue(row.judge)),
    human: (row, add) => add(verdictValue(row.human)),
    flags: eachFlag,
    overall: (row, add) => {
      if (row.bin !== null) add(String(row.bin));
    },
  };
  const totalBits = failing(cube("facets"));
  const facets = {
    total: cube("facets").reduce((sum, row, index) => sum + (totalBits[index] === 0 ? Number(row.count) : 0), 0),
  } as Facets;
  for (const facet of FACET_NAMES) {
    const own = facet === "overall" ? undefined : (facet as CubeField);
    const sums = new Map<string, number>();
    let count = 0;
    const add = (value: string) => sums.set(value, (sums.get(value) ?? 0) + count);
    const rows = cube(facet === "overall" ? "histogram" : "facets");
    const fails = failing(rows);
    const mask = allBut(own);
    const values = valuesOf[facet];
    for (let index = 0; index < rows.length; index++) {
      if (((fails[index] as number) & mask) !== 0) continue;
      const row = rows[index] as CubeRow;
      count = Number(row.count);
      values(row, add);
    }
    facets[facet] = [...sums]
      .filter(([, sum]) => sum > 0)
      .map(([value, sum]) => ({ value, count: sum }))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  return facets;
}

// The histogram's counts, bin 1 first, from the "overall" facet.
export function scoreBins(facets: Facets): number[] {
  const counts = new Map(facets.overall.map((count) => [Number(count.value), count.count]));
  return Array.from({ length: OVERALL_BIN_COUNT }, (_, index) => counts.get(index + 1) ?? 0);
}
