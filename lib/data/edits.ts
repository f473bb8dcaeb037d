import "server-only";

import { db } from "../db";
import { cursorText, DEFAULT_SORT, type Sort } from "../sql/gallery-order";
import {
  facetQueries,
  galleryPageQuery,
  sumFacets,
  viewIdsQuery,
  type CubeRow,
  type Facets,
  type GalleryView,
} from "../sql/gallery";
import type { EditFilter } from "../schemas/edit-filter";
import { imageVersion } from "./images";

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
  // The versions of local image files, for URLs cached as immutable (lib/images/version.ts).
  sourceVersion?: string;
  outputVersion?: string;
};
export type EditPage = { items: EditCard[]; nextCursor: string | null };
export type { FacetCount, Facets } from "../sql/gallery";

type CardRow = EditCard & { sortKey: number | null; sourceLocalPath: string | null; outputLocalPath: string | null };
async function card({ sortKey: _key, sourceLocalPath, outputLocalPath, ...edit }: CardRow): Promise<EditCard> {
  const [sourceVersion, outputVersion] = await Promise.all([
    imageVersion({ uri: edit.sourceUri, localPath: sourceLocalPath }),
    imageVersion({ uri: edit.outputUri, localPath: outputLocalPath }),
  ]);
  return { ...edit, ...(sourceVersion && { sourceVersion }), ...(outputVersion && { outputVersion }) };
}

// One gallery page under a filter, in the page's sort, after its cursor.
export async function findEdits(filter: EditFilter, view: GalleryView): Promise<EditPage> {
  const query = galleryPageQuery(filter, view);
  const rows = await db.$queryRawUnsafe<CardRow[]>(query.text, ...query.values);
  const last = rows.length > view.limit ? rows[view.limit - 1] : undefined;
  return {
    items: await Promise.all(rows.slice(0, view.limit).map(card)),
    nextCursor: last ? cursorText(view.sort ?? DEFAULT_SORT, last) : null,
  };
}

// The edits before and after one edit in a gallery view (its filter and sort), for
// stepping through the view from the edit page. Null at either end, or both when the
// edit is not in the view.
export async function findNeighbours(
  filter: EditFilter,
  view: { sort: Sort; seed: number },
  id: number,
): Promise<{ previous: number | null; next: number | null; inView: boolean }> {
  const read = async (query: { text: string; values: unknown[] }) =>
    (await db.$queryRawUnsafe<{ id: number; sortKey: number | null }[]>(query.text, ...query.values))[0];
  const self = await read(viewIdsQuery(filter, { ...view, limit: 1, only: id }));
  if (!self) return { previous: null, next: null, inView: false };
  const cursor = { key: self.sortKey, id };
  const [previous, next] = await Promise.all(
    [true, false].map((reversed) => read(viewIdsQuery(filter, { ...view, cursor, limit: 1, reversed }))),
  );
  return { previous: previous?.id ?? null, next: next?.id ?? null, inView: true };
}

// Counts beside each facet's values, from one or two cubes (see facetQueries).
export async function countFacets(filter: EditFilter): Promise<Facets> {
  const queries = facetQueries(filter);
  const cubes = await Promise.all(
    queries.map((query) =>
      query.setup
        ? db
            .$transaction([
              db.$executeRawUnsafe(query.setup),
              db.$queryRawUnsafe<CubeRow[]>(query.text, ...query.values),
            ])
            .then(([, rows]) => rows)
        : db.$queryRawUnsafe<CubeRow[]>(query.text, ...query.values),
    ),
  );
  return sumFacets(filter, queries, cubes);
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
  task: {
    id: number;
    longInstruction: string;
    shortInstruction: string;
    editType: string | null;
    category: string | null;
  };
  judgements: {
    judge: string;
    compliance: number | null;
    realism: number | null;
    preservation: number | null;
    technical: number | null;
    overall: number | null;
    passed: boolean;
    rationale: string | null;
    createdAt: Date;
  }[];
  reviews: {
    reviewer: string;
    verdict: "PASS" | "FAIL";
    note: string | null;
    previousVerdict: Verdict;
    createdAt: Date;
  }[];
  attempts: {
    id: number;
    attempt: number;
    origin: string;
    effectiveVerdict: Verdict;
    overall: number | null;
    outputImageId: number;
  }[];
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
          edits: {
            orderBy: [{ attempt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              attempt: true,
              origin: true,
              effectiveVerdict: true,
              overall: true,
              outputImageId: true,
            },
          },
          preferencePairs: {
            orderBy: { id: "asc" },
            select: { chosenEditId: true, rejectedEditId: true, provenance: true },
          },
        },
      },
      judgements: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: {
          judge: true,
          compliance: true,
          realism: true,
          preservation: true,
          technical: true,
          overall: true,
          passed: true,
          rationale: true,
          createdAt: true,
        },
      },
      reviews: {
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        select: {
          verdict: true,
          note: true,
          previousVerdict: true,
          createdAt: true,
          reviewer: { select: { name: true } },
        },
      },
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
    task: {
      id: edit.task.id,
      longInstruction: edit.task.longInstruction,
      shortInstruction: edit.task.shortInstruction,
      editType: edit.task.editType?.name ?? null,
      category: edit.task.editType?.category.name ?? null,
    },
    judgements: edit.judgements,
    reviews: edit.reviews.map((r) => ({
      reviewer: r.reviewer.name,
      verdict: r.verdict,
      note: r.note,
      previousVerdict: r.previousVerdict,
      createdAt: r.createdAt,
    })),
    attempts: edit.task.edits,
    pairs: edit.task.preferencePairs,
    sequence: edit.turn
      ? { id: edit.turn.sequence.id, position: edit.turn.position, turns: edit.turn.sequence._count.turns }
      : null,
  };
}
