import "server-only";

import { db } from "../db";
import { editFilterWhere } from "../queries/edit-filter-sql";
import type { EditFilter } from "../schemas/edit-filter";

type Verdict = "PASS" | "FAIL" | null;
export type EditCard = {
  id: number;
  editType: string | null;
  shortInstruction: string;
  overall: number | null;
  judgeVerdict: Verdict;
  humanVerdict: Verdict;
  effectiveVerdict: Verdict;
  sourceImageId: number;
  outputImageId: number;
};
export type EditPage = { items: EditCard[]; nextCursor: number | null };

const FROM = `FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"`;

// One gallery page, newest first, continuing below `cursor` (the last id of the page
// before): a keyset page costs the same at row 300,000 as at row 1, and inserts do not
// shift it.
export async function findEdits(filter: EditFilter, page: { cursor?: number; limit: number }): Promise<EditPage> {
  const where = editFilterWhere(filter, 1);
  const values = [...where.values];
  const after = page.cursor === undefined ? "" : `AND e."id" < $${values.push(page.cursor)}`;
  const rows = await db.$queryRawUnsafe<(Omit<EditCard, "editType"> & { editType: string | null })[]>(
    `SELECT e."id", et."name" AS "editType", t."shortInstruction", e."overall", e."judgeVerdict", e."humanVerdict", e."effectiveVerdict",
            t."sourceImageId", e."outputImageId"
     ${FROM} LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
     WHERE ${where.text} ${after}
     ORDER BY e."id" DESC LIMIT $${values.push(page.limit + 1)}`,
    ...values,
  );
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}

export type FacetCount = { value: string; count: number };
export type Facets = { total: number; categories: FacetCount[]; types: FacetCount[]; subsets: FacetCount[]; effective: FacetCount[]; judge: FacetCount[]; human: FacetCount[] };

const FACETS = {
  categories: { key: "categories", expression: `et."categoryId"::text` },
  types: { key: "types", expression: `e."editTypeId"::text` },
  subsets: { key: "subsets", expression: `CASE e."origin" WHEN 'SFT' THEN 'sft' WHEN 'MULTI_TURN' THEN 'multi-turn' ELSE 'preference' END` },
  effective: { key: "effective", expression: `COALESCE(lower(e."effectiveVerdict"::text), 'none')` },
  judge: { key: "judge", expression: `COALESCE(lower(e."judgeVerdict"::text), 'none')` },
  human: { key: "human", expression: `COALESCE(lower(e."humanVerdict"::text), 'none')` },
} as const;

// Counts beside each facet's values. A facet is counted under the filter without its
// own field, so picking one edit type still shows how many edits the others have.
export async function countFacets(filter: EditFilter): Promise<Facets> {
  const counted = await Promise.all(
    Object.entries(FACETS).map(async ([name, facet]) => {
      const { [facet.key]: _own, ...others } = filter;
      const where = editFilterWhere(others);
      const rows = await db.$queryRawUnsafe<{ value: string | null; count: bigint }[]>(
        `SELECT ${facet.expression} AS value, count(*) AS count ${FROM} LEFT JOIN "EditType" et ON et."id" = e."editTypeId" WHERE ${where.text} GROUP BY 1 ORDER BY 1`,
        ...where.values,
      );
      return [name, rows.filter((row) => row.value !== null).map((row) => ({ value: row.value as string, count: Number(row.count) }))] as const;
    }),
  );
  const where = editFilterWhere(filter);
  const [total] = await db.$queryRawUnsafe<{ count: bigint }[]>(`SELECT count(*) AS count ${FROM} WHERE ${where.text}`, ...where.values);
  return { total: Number(total?.count ?? 0), ...(Object.fromEntries(counted) as Omit<Facets, "total">) };
}
