import "server-only";

import { db } from "../db";
import { editFilterWhere, SUBSET_OF_EDIT } from "../queries/edit-filter-sql";
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
  sourceUri: string;
  outputImageId: number;
  outputUri: string;
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
            t."sourceImageId", si."uri" AS "sourceUri", e."outputImageId", oi."uri" AS "outputUri"
     ${FROM} LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
     JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"
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
  subsets: { key: "subsets", expression: SUBSET_OF_EDIT },
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

export type EditDetail = {
  id: number;
  attempt: number;
  origin: string;
  overall: number | null;
  judgeVerdict: Verdict;
  humanVerdict: Verdict;
  effectiveVerdict: Verdict;
  sourceImage: { id: number; uri: string };
  outputImage: { id: number; uri: string };
  task: { id: number; longInstruction: string; shortInstruction: string; editType: string | null; category: string | null };
  judgements: { judge: string; compliance: number | null; realism: number | null; preservation: number | null; technical: number | null; overall: number | null; passed: boolean; rationale: string | null; createdAt: Date }[];
  reviews: { reviewer: string; verdict: "PASS" | "FAIL"; note: string | null; previousVerdict: Verdict; createdAt: Date }[];
  attempts: { id: number; attempt: number; origin: string; effectiveVerdict: Verdict; overall: number | null; outputImageId: number }[];
  pairs: { chosenEditId: number; rejectedEditId: number; provenance: string }[];
  sequence: { id: number; position: number; turns: number } | null;
};

// Everything the edit page shows, newest judgement and review first.
export async function getEdit(id: number): Promise<EditDetail | null> {
  const edit = await db.edit.findUnique({
    where: { id },
    select: {
      id: true,
      attempt: true,
      origin: true,
      overall: true,
      judgeVerdict: true,
      humanVerdict: true,
      effectiveVerdict: true,
      outputImage: { select: { id: true, uri: true } },
      task: {
        select: {
          id: true,
          longInstruction: true,
          shortInstruction: true,
          sourceImage: { select: { id: true, uri: true } },
          editType: { select: { name: true, category: { select: { name: true } } } },
          edits: { orderBy: [{ attempt: "asc" }, { id: "asc" }], select: { id: true, attempt: true, origin: true, effectiveVerdict: true, overall: true, outputImageId: true } },
          preferencePairs: { orderBy: { id: "asc" }, select: { chosenEditId: true, rejectedEditId: true, provenance: true } },
        },
      },
      judgements: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { judge: true, compliance: true, realism: true, preservation: true, technical: true, overall: true, passed: true, rationale: true, createdAt: true } },
      reviews: { orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: { verdict: true, note: true, previousVerdict: true, createdAt: true, reviewer: { select: { name: true } } } },
      turn: { select: { position: true, sequence: { select: { id: true, _count: { select: { turns: true } } } } } },
    },
  });
  if (!edit) return null;
  return {
    id: edit.id,
    attempt: edit.attempt,
    origin: edit.origin,
    overall: edit.overall,
    judgeVerdict: edit.judgeVerdict,
    humanVerdict: edit.humanVerdict,
    effectiveVerdict: edit.effectiveVerdict,
    sourceImage: edit.task.sourceImage,
    outputImage: edit.outputImage,
    task: { id: edit.task.id, longInstruction: edit.task.longInstruction, shortInstruction: edit.task.shortInstruction, editType: edit.task.editType?.name ?? null, category: edit.task.editType?.category.name ?? null },
    judgements: edit.judgements,
    reviews: edit.reviews.map((r) => ({ reviewer: r.reviewer.name, verdict: r.verdict, note: r.note, previousVerdict: r.previousVerdict, createdAt: r.createdAt })),
    attempts: edit.task.edits,
    pairs: edit.task.preferencePairs,
    sequence: edit.turn ? { id: edit.turn.sequence.id, position: edit.turn.position, turns: edit.turn.sequence._count.turns } : null,
  };
}
