import "server-only";

import { db } from "../db";
import { editFilterWhere } from "../queries/edit-filter-sql";
import { cursorText, DEFAULT_SORT, pageQuery, type Sort } from "../queries/gallery-order";
import type { EditFilter } from "../schemas/edit-filter";
import { DEFAULT_SEED, type GalleryPage } from "../schemas/gallery-params";
import { getTaxonomy } from "./taxonomy";

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
export type EditPage = { items: EditCard[]; nextCursor: string | null };

const CARD_COLUMNS = `e."id", et."name" AS "editType", t."shortInstruction", e."overall", e."judgeVerdict", e."humanVerdict", e."effectiveVerdict",
  t."sourceImageId", si."uri" AS "sourceUri", e."outputImageId", oi."uri" AS "outputUri"`;
const CARD_FROM = `FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
  JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"`;

type CardRow = EditCard & { sortKey: number | null; phase?: number };
const card = ({ sortKey: _key, phase: _phase, ...edit }: CardRow): EditCard => edit;

// One gallery page under a filter, in the page's sort, after its cursor.
export async function findEdits(filter: EditFilter, page: Partial<GalleryPage> & { limit: number }): Promise<EditPage> {
  const sort = page.sort ?? DEFAULT_SORT;
  const query = pageQuery({ columns: CARD_COLUMNS, from: CARD_FROM, where: editFilterWhere(filter), sort, seed: page.seed ?? DEFAULT_SEED, cursor: page.cursor, limit: page.limit + 1 });
  const rows = await db.$queryRawUnsafe<CardRow[]>(query.text, ...query.values);
  const last = rows.length > page.limit ? rows[page.limit - 1] : undefined;
  return { items: rows.slice(0, page.limit).map(card), nextCursor: last ? cursorText(sort, last) : null };
}

// The edits before and after one edit in a gallery view (its filter and sort), for
// stepping through the view from the edit page. Null at either end, or both when the
// edit is not in the view.
export async function findNeighbours(filter: EditFilter, view: { sort: Sort; seed: number }, id: number): Promise<{ previous: number | null; next: number | null; inView: boolean }> {
  const where = editFilterWhere(filter);
  const own = pageQuery({ columns: `e."id"`, from: where.usesTask ? FROM_WITH_TASK : FROM_EDIT, where: { ...where, text: `${where.text} AND e."id" = $${where.values.length + 1}`, values: [...where.values, id] }, sort: view.sort, seed: view.seed, limit: 1 });
  const [self] = await db.$queryRawUnsafe<{ id: number; sortKey: number | null }[]>(own.text, ...own.values);
  if (!self) return { previous: null, next: null, inView: false };
  const cursor = { key: self.sortKey, id };
  const step = async (reversed: boolean) => {
    const query = pageQuery({ columns: `e."id"`, from: where.usesTask ? FROM_WITH_TASK : FROM_EDIT, where, sort: view.sort, seed: view.seed, cursor, limit: 1, reversed });
    const [row] = await db.$queryRawUnsafe<{ id: number }[]>(query.text, ...query.values);
    return row?.id ?? null;
  };
  const [previous, next] = await Promise.all([step(true), step(false)]);
  return { previous, next, inView: true };
}

export type FacetCount = { value: string; count: number };
export type Facets = { total: number; categories: FacetCount[]; types: FacetCount[]; subsets: FacetCount[]; effective: FacetCount[]; judge: FacetCount[]; human: FacetCount[] };
type FacetName = Exclude<keyof Facets, "total">;

const FROM_EDIT = `FROM "Edit" e`;
const FROM_WITH_TASK = `FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"`;
// Each facet and the filter field it toggles.
const FACET_FIELDS: Record<FacetName, keyof EditFilter> = { categories: "categories", types: "types", subsets: "subsets", effective: "effective", judge: "judge", human: "human" };
const SUBSET_OF_ORIGIN: Record<string, string> = { SFT: "sft", PREFERENCE_CHOSEN: "preference", PREFERENCE_REJECTED: "preference", MULTI_TURN: "multi-turn" };
type CubeRow = { type: number | null; origin: string; judge: string | null; human: string | null; effective: string | null; count: bigint };

// Counts beside each facet's values. A facet is counted under the filter without its
// own field, so picking one edit type still shows how many edits the others have.
// Facets that share a filter share one scan: it counts edits by every facet column at
// once (a few hundred groups), and each facet sums that cube. So an unfiltered gallery
// costs one parallel scan, and each facet field set in the filter one more.
export async function countFacets(filter: EditFilter): Promise<Facets> {
  const groups = new Map<string, { filter: EditFilter; facets: FacetName[] }>();
  for (const facet of Object.keys(FACET_FIELDS) as FacetName[]) {
    const field = FACET_FIELDS[facet];
    const others = filter[field] === undefined ? filter : (({ [field]: _own, ...rest }) => rest)(filter);
    const key = JSON.stringify(others);
    groups.set(key, { filter: others, facets: [...(groups.get(key)?.facets ?? []), facet] });
  }
  const everything = JSON.stringify(filter);
  if (!groups.has(everything)) groups.set(everything, { filter, facets: [] });
  const typeCategory = new Map((await getTaxonomy()).flatMap((category) => category.types.map((type) => [type.id, category.id] as const)));

  const counted = await Promise.all(
    [...groups.entries()].map(async ([key, group]) => {
      const where = editFilterWhere(group.filter);
      const cube = await db.$queryRawUnsafe<CubeRow[]>(
        `SELECT e."editTypeId" AS type, e."origin", e."judgeVerdict" AS judge, e."humanVerdict" AS human, e."effectiveVerdict" AS effective, count(*) AS count
         ${where.usesTask ? FROM_WITH_TASK : FROM_EDIT} WHERE ${where.text} GROUP BY 1, 2, 3, 4, 5`,
        ...where.values,
      );
      const valueOf: Record<FacetName, (row: CubeRow) => string | null> = {
        categories: (row) => (row.type === null ? null : String(typeCategory.get(row.type) ?? "")),
        types: (row) => (row.type === null ? null : String(row.type)),
        subsets: (row) => SUBSET_OF_ORIGIN[row.origin] ?? null,
        effective: (row) => row.effective?.toLowerCase() ?? "none",
        judge: (row) => row.judge?.toLowerCase() ?? "none",
        human: (row) => row.human?.toLowerCase() ?? "none",
      };
      const facets = group.facets.map((facet) => {
        const sums = new Map<string, number>();
        for (const row of cube) {
          const value = valueOf[facet](row);
          if (value !== null) sums.set(value, (sums.get(value) ?? 0) + Number(row.count));
        }
        const counts = [...sums].map(([value, count]) => ({ value, count })).sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
        return [facet, counts] as const;
      });
      return { key, total: cube.reduce((sum, row) => sum + Number(row.count), 0), facets };
    }),
  );
  return {
    total: counted.find((group) => group.key === everything)?.total ?? 0,
    ...(Object.fromEntries(counted.flatMap((group) => group.facets)) as Omit<Facets, "total">),
  };
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
