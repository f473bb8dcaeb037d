import { parseId } from "../schemas/id";
import { SCORE_KEYS, type ScoreKey } from "../scoring/scoring";

// The gallery's orders and their keyset pages. A page continues after the last row of the
// one before (its cursor: the row's sort key and id), so it costs the same at row 300,000
// as at row 1 and rows inserted meanwhile do not shift it.

export const SORTS = [
  "newest",
  "oldest",
  "random",
  ...SCORE_KEYS.flatMap((key) => [`${key}_desc`, `${key}_asc`] as const),
] as const;
export type Sort = (typeof SORTS)[number];
export const DEFAULT_SORT: Sort = "newest";

// Where a page starts: after the row with this key (null: an unscored row) and id.
export type Cursor = { key: number | null; id: number };

type Direction = "asc" | "desc";
// key: the SQL of the sort key, or null to order by id alone. Rows whose key is null
// (edits without a score) come after the scored ones, or before when reversed.
type Order = { key: string | null; nullable: boolean; direction: Direction; nullsFirst: boolean };

function orderOf(sort: Sort, seedParameter: string): Order {
  if (sort === "newest" || sort === "oldest")
    return { key: null, nullable: false, direction: sort === "newest" ? "desc" : "asc", nullsFirst: false };
  // A stable shuffle: a hash of the id and the seed, the same order on every page and reload.
  if (sort === "random")
    return { key: `hashint4(e."id" # ${seedParameter})`, nullable: false, direction: "asc", nullsFirst: false };
  const [score, direction] = sort.split("_") as [ScoreKey, Direction];
  return { key: `e."${score}"`, nullable: true, direction, nullsFirst: false };
}

const reverse = (order: Order): Order => ({
  ...order,
  direction: order.direction === "asc" ? "desc" : "asc",
  nullsFirst: !order.nullsFirst,
});

// The cursor of a row in this sort: its key (the score, or the random hash) and its id.
// Whether the sort orders by id alone, so that a row's cursor is its id.
export const sortKeyIsId = (sort: Sort): boolean => sort === "newest" || sort === "oldest";

export function cursorText(sort: Sort, row: { id: number; sortKey: number | null }): string {
  return sortKeyIsId(sort) ? String(row.id) : `${row.sortKey ?? "null"}_${row.id}`;
}

// Reads a cursor back; a message saying what is wrong when it does not fit the sort.
export function parseCursor(sort: Sort, text: string): Cursor | string {
  const id = (value: string | undefined) => (value === undefined ? null : parseId(value));
  if (sort === "newest" || sort === "oldest") {
    const last = id(text);
    return last === null ? "must be a positive integer (the last id of the page before)" : { key: null, id: last };
  }
  const [key, last, ...rest] = text.split("_");
  const wanted = `must be "<key>_<id>" as the page before gave it for sort=${sort}`;
  if (rest.length || id(last) === null || key === undefined || key === "") return wanted;
  if (key === "null") return sort === "random" ? wanted : { key: null, id: id(last) as number };
  const value = Number(key);
  if (!Number.isFinite(value) || (sort === "random" && !Number.isInteger(value))) return wanted;
  return { key: value, id: id(last) as number };
}

export type PageQuery = { text: string; values: unknown[] };
// order: the page's ORDER BY over its output columns, as read through the given alias,
// for a query that joins more columns to the page's rows.
export type IdPageQuery = PageQuery & { order: (alias: string) => string };

// The SELECT of one page: the "id" of each edit of "Edit" e (joined as `from` says)
// under `where`, in the sort's order, continuing after `cursor`, at most `limit` rows.
// Values of `where` come first; the page's own follow them. The sort key is selected as
// "sortKey".
//
// split: a column and the values the filter keeps of it (edit types, origins). In id order
// a page is then read per value from the (column, id) index and merged: a scan of the id
// index alone would pass every newer edit with another value.
export function pageQuery(options: {
  from: string;
  where: { text: string; values: unknown[] };
  sort: Sort;
  seed: number;
  cursor?: Cursor;
  limit: number;
  reversed?: boolean;
  split?: { column: string; values: unknown[]; type: string };
}): IdPageQuery {
  const values = [...options.where.values];
  const param = (value: unknown) => `$${values.push(value)}`;
  const seed = options.sort === "random" ? `${param(options.seed)}::int` : "";
  const base = orderOf(options.sort, seed);
  const order = options.reversed ? reverse(base) : base;
  const { cursor } = options;
  const dir = order.direction.toUpperCase();
  const after = order.direction === "desc" ? "<" : ">";
  const limit = `${param(options.limit)}::int`;
  const select = (key: string, conditions: string[]) =>
    `SELECT e."id", ${key} AS "sortKey" ${options.from} WHERE ${[options.where.text, ...conditions].join(" AND ")}`;

  if (order.key === null) {
    const bound = cursor ? [`e."id" ${after} ${param(cursor.id)}::int`] : [];
    const { split } = options;
    const byId = (alias: string) => `${alias}."id" ${dir}`;
    if (split && split.values.length > 1) {
      const list = `${param(split.values)}::${split.type}[]`;
      const perValue = `${select("NULL::float8", [...bound, `${split.column} = d."value"`])} ORDER BY e."id" ${dir} LIMIT ${limit}`;
      return {
        text: `SELECT p.* FROM unnest(${list}) AS d("value") CROSS JOIN LATERAL (${perValue}) p ORDER BY p."id" ${dir} LIMIT ${limit}`,
        values,
        order: byId,
      };
    }
    return { text: `${select("NULL::float8", bound)} ORDER BY e."id" ${dir} LIMIT ${limit}`, values, order: byId };
  }
  const byKey = (alias: string) => `${alias}."sortKey" ${dir}, ${alias}."id" ${dir}`;
  if (!order.nullable) {
    const bound = cursor
      ? [`(${order.key}, e."id") ${after} (${param(cursor.key)}::float8, ${param(cursor.id)}::int)`]
      : [];
    return {
      text: `${select(order.key, bound)} ORDER BY "sortKey" ${dir}, e."id" ${dir} LIMIT ${limit}`,
      values,
      order: byKey,
    };
  }
  // Scored rows and unscored rows are two runs, each read in index order; the cursor says
  // which run it is in, and a run wholly before it is skipped.
  const scored = !cursor
    ? []
    : cursor.key !== null
      ? [`(${order.key}, e."id") ${after} (${param(cursor.key)}::float8, ${param(cursor.id)}::int)`]
      : order.nullsFirst
        ? []
        : null;
  const unscored = !cursor
    ? []
    : cursor.key === null
      ? [`e."id" ${after} ${param(cursor.id)}::int`]
      : order.nullsFirst
        ? null
        : [];
  const runs = [
    scored && {
      phase: order.nullsFirst ? 1 : 0,
      sql: `${select(order.key, [`${order.key} IS NOT NULL`, ...scored])} ORDER BY "sortKey" ${dir}, e."id" ${dir} LIMIT ${limit}`,
    },
    unscored && {
      phase: order.nullsFirst ? 0 : 1,
      sql: `${select("NULL::float8", [`${order.key} IS NULL`, ...unscored])} ORDER BY e."id" ${dir} LIMIT ${limit}`,
    },
  ].filter((run): run is { phase: number; sql: string } => Boolean(run));
  const union = runs.map((run) => `SELECT ${run.phase} AS phase, r.* FROM (${run.sql}) r`).join(" UNION ALL ");
  return {
    text: `SELECT * FROM (${union}) page ORDER BY phase, "sortKey" ${dir}, "id" ${dir} LIMIT ${limit}`,
    values,
    order: (alias) => `${alias}.phase, ${byKey(alias)}`,
  };
}
