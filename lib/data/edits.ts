import "server-only";

import { db, pgPool } from "../db";
import { Prisma } from "../generated/prisma/client";
import { inTransaction } from "../postgres/connection";
import { cursorText, DEFAULT_SORT, sortKeyIsId, type Sort } from "../sql/gallery-order";
import { answers } from "../gallery/edit-columns";
import {
  cardsQuery,
  facetQueries,
  galleryPageQuery,
  sumFacets,
  viewIdsQuery,
  type CubeRow,
  type FacetQuery,
  type Facets,
  type GalleryView,
} from "../sql/gallery";
import type { EditFilter } from "../schemas/edit-filter";
import { cached } from "./changes";
import { galleryColumns } from "./edit-index";
import { imageVersion, imageView, type ImageView } from "./images";

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

// One gallery page under a filter, in the page's sort, after its cursor: its ids from the
// in-memory index when it answers the filter and sort (random order is PostgreSQL's hash),
// then their cards by id; else all of it in one statement.
export async function findEdits(filter: EditFilter, view: GalleryView): Promise<EditPage> {
  const sort = view.sort ?? DEFAULT_SORT;
  const columns = sort !== "random" && answers(filter) ? await galleryColumns() : undefined;
  const found = columns?.page(filter, sort as Exclude<Sort, "random">, view.cursor, view.limit + 1);
  // The cards' statement is the same text for every page: prepared once per connection,
  // which saves planning its five joins each time (cards of 61 edits 1.8 ms unprepared).
  const rows = !found
    ? (await pgPool().query<CardRow>(galleryPageQuery(filter, view))).rows
    : found.length
      ? (await pgPool().query<CardRow>({ name: "gallery cards", ...cardsQuery(found) })).rows
      : [];
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
    (await pgPool().query<{ id: number; sortKey: number | null }>(query.text, query.values)).rows[0];
  const around = (cursor: { key: number | null; id: number }) =>
    Promise.all([true, false].map((reversed) => read(viewIdsQuery(filter, { ...view, cursor, limit: 1, reversed }))));
  const selfQuery = viewIdsQuery(filter, { ...view, limit: 1, only: id });
  const found = (previous?: { id: number }, next?: { id: number }) => ({
    previous: previous?.id ?? null,
    next: next?.id ?? null,
    inView: true,
  });
  const notInView = { previous: null, next: null, inView: false };
  // In id order the edit's cursor is its id: its neighbours are asked for beside it.
  if (sortKeyIsId(view.sort)) {
    const [self, [previous, next]] = await Promise.all([read(selfQuery), around({ key: null, id })]);
    return self ? found(previous, next) : notInView;
  }
  const self = await read(selfQuery);
  if (!self) return notInView;
  const [previous, next] = await around({ key: self.sortKey, id });
  return found(previous, next);
}

async function queryCube(query: FacetQuery): Promise<CubeRow[]> {
  const { setup } = query;
  if (!setup) return (await pgPool().query<CubeRow>(query.text, query.values)).rows;
  return inTransaction(pgPool(), async (client) => {
    await client.query(setup);
    return (await client.query<CubeRow>(query.text, query.values)).rows;
  });
}

// The cube of all edits, EditFacetCount, is cached until a write changes it (every change
// of a verdict does): the overview, the taxonomy and every gallery filtered by cube fields
// alone read it.
const readCube = (query: FacetQuery): Promise<CubeRow[]> =>
  query.allEdits ? cached("all edits cube", ["EditFacetCount"], () => queryCube(query)) : queryCube(query);

// Counts beside each facet's values, from one or two cubes (see facetQueries): the cube of
// all edits from EditFacetCount, any other from the in-memory index when it answers the
// filter, else from a scan in PostgreSQL.
export async function countFacets(filter: EditFilter): Promise<Facets> {
  const queries = facetQueries(filter);
  const columns = queries.some((query) => !query.allEdits) && answers(filter) ? await galleryColumns() : undefined;
  const cubes = await Promise.all(
    queries.map((query) => (columns && !query.allEdits ? columns.cube(query.rest) : readCube(query))),
  );
  return sumFacets(filter, queries, cubes);
}

// Every edit counted by every facet column at once: the trigger-kept EditFacetCount, a
// few hundred rows, for the figures of the overview and the taxonomy.
export const allEditsCube = (): Promise<CubeRow[]> => readCube(facetQueries({})[0] as FacetQuery);

// What a score breakdown shows of a judgement: the edit page's, a preference pair's side.
export type JudgementScores = {
  judge: string;
  compliance: number | null;
  realism: number | null;
  preservation: number | null;
  technical: number | null;
  overall: number | null;
  passed: boolean;
  rationale: string | null;
  createdAt: Date;
};

export type EditDetail = {
  id: number;
  attempt: number;
  origin: string;
  overall: number | null;
  judgeVerdict: Verdict;
  humanVerdict: Verdict;
  effectiveVerdict: Verdict;
  sourceImage: ImageView;
  outputImage: ImageView;
  task: {
    id: number;
    longInstruction: string;
    shortInstruction: string;
    editType: string | null;
    category: string | null;
  };
  // Every judge's judgement of the edit, newest first; current marks the one its judge
  // verdict and scores come from (Edit.judgementId). A run's judgements name the run, its
  // model and rubric.
  judgements: (JudgementScores & {
    id: number;
    model: string | null;
    rubricVersion: string | null;
    runId: number | null;
    current: boolean;
  })[];
  // How the output differs from the source, from the pixels (lib/signals); null until
  // npm run signals has measured the edit.
  signal: {
    available: boolean;
    error: string | null;
    meanAbsDiff: number | null;
    changedFraction: number | null;
    ssim: number | null;
    grid: number[] | null;
    sourceWidth: number | null;
    sourceHeight: number | null;
    outputWidth: number | null;
    outputHeight: number | null;
    noOp: boolean;
    overEdit: boolean;
    sizeChanged: boolean;
    computedAt: Date;
  } | null;
  // Newest first; verdict null where an undo took the human verdict back to none.
  reviews: {
    id: number;
    reviewer: string;
    verdict: Verdict;
    note: string | null;
    previousVerdict: Verdict;
    compliance: number | null;
    realism: number | null;
    preservation: number | null;
    technical: number | null;
    overall: number | null;
    undoOfId: number | null;
    batchId: number | null;
    createdAt: Date;
  }[];
  // The pair changes the edit's reviews caused, newest first.
  pairChanges: {
    reviewId: number;
    chosenEditId: number;
    rejectedEditId: number;
    kind: "ADDED" | "REMOVED";
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

type EditRow = Pick<
  EditDetail,
  "id" | "attempt" | "origin" | "overall" | "judgeVerdict" | "humanVerdict" | "effectiveVerdict"
> & {
  taskId: number;
  longInstruction: string;
  shortInstruction: string;
  editType: string | null;
  category: string | null;
  sourceImageId: number;
  sourceUri: string;
  sourceLocalPath: string | null;
  outputImageId: number;
  outputUri: string;
  outputLocalPath: string | null;
  sequenceId: number | null;
  position: number | null;
  turns: number | null;
};

// Everything the edit page shows, newest judgement and review first: five statements sent
// at once, rather than Prisma's nested select, which loaded the relations level by level
// in six rounds, each waiting for a busy server's event loop. The pair changes of the
// edit's reviews are looked up by its task first: joined from "Review" alone, with no
// reviews yet and the import's 84K pair changes, the planner walked every pair change
// backwards by id (165 ms of the edit page's 182 in bench:browse; 0.5 ms by task).
export async function getEdit(id: number): Promise<EditDetail | null> {
  const taskOf = Prisma.sql`(SELECT "taskId" FROM "Edit" WHERE "id" = ${id})`;
  const [rows, judgements, reviews, attempts, pairs, pairChanges, signals] = await Promise.all([
    db.$queryRaw<EditRow[]>`
      SELECT e."id", e."attempt", e."origin"::text AS "origin", e."overall", e."judgeVerdict"::text AS "judgeVerdict",
             e."humanVerdict"::text AS "humanVerdict", e."effectiveVerdict"::text AS "effectiveVerdict",
             t."id" AS "taskId", t."longInstruction", t."shortInstruction", et."name" AS "editType", c."name" AS "category",
             si."id" AS "sourceImageId", si."uri" AS "sourceUri", si."localPath" AS "sourceLocalPath",
             oi."id" AS "outputImageId", oi."uri" AS "outputUri", oi."localPath" AS "outputLocalPath",
             st."sequenceId", st."position",
             (SELECT count(*)::int FROM "SequenceTurn" all_turns WHERE all_turns."sequenceId" = st."sequenceId") AS "turns"
      FROM "Edit" e
      JOIN "Task" t ON t."id" = e."taskId"
      JOIN "Image" si ON si."id" = t."sourceImageId"
      JOIN "Image" oi ON oi."id" = e."outputImageId"
      LEFT JOIN "EditType" et ON et."id" = t."editTypeId"
      LEFT JOIN "Category" c ON c."id" = et."categoryId"
      LEFT JOIN "SequenceTurn" st ON st."editId" = e."id"
      WHERE e."id" = ${id}`,
    db.$queryRaw<EditDetail["judgements"]>`
      SELECT "id", "judge", "model", "rubricVersion", "runId",
             "id" IS NOT DISTINCT FROM (SELECT "judgementId" FROM "Edit" WHERE "id" = ${id}) AS "current",
             "compliance", "realism", "preservation", "technical", "overall", "passed", "rationale", "createdAt"
      FROM "Judgement" WHERE "editId" = ${id} ORDER BY "createdAt" DESC, "id" DESC`,
    db.$queryRaw<EditDetail["reviews"]>`
      SELECT r."id", u."name" AS "reviewer", r."verdict"::text AS "verdict", r."note", r."previousVerdict"::text AS "previousVerdict",
             r."compliance", r."realism", r."preservation", r."technical", r."overall", r."undoOfId", r."batchId", r."createdAt"
      FROM "Review" r JOIN "User" u ON u."id" = r."reviewerId"
      WHERE r."editId" = ${id} ORDER BY r."id" DESC`,
    db.$queryRaw<EditDetail["attempts"]>`
      SELECT "id", "attempt", "origin"::text AS "origin", "effectiveVerdict"::text AS "effectiveVerdict", "overall", "outputImageId"
      FROM "Edit" WHERE "taskId" = ${taskOf} ORDER BY "attempt", "id"`,
    db.$queryRaw<EditDetail["pairs"]>`
      SELECT "chosenEditId", "rejectedEditId", "provenance"::text AS "provenance"
      FROM "PreferencePair" WHERE "taskId" = ${taskOf} ORDER BY "id"`,
    db.$queryRaw<EditDetail["pairChanges"]>`
      SELECT c."reviewId", c."chosenEditId", c."rejectedEditId", c."kind"::text AS "kind", c."createdAt"
      FROM "PairChange" c
      WHERE c."taskId" = ${taskOf} AND c."reviewId" IN (SELECT r."id" FROM "Review" r WHERE r."editId" = ${id})
      ORDER BY c."id" DESC`,
    db.$queryRaw<NonNullable<EditDetail["signal"]>[]>`
      SELECT "available", "error", "meanAbsDiff", "changedFraction", "ssim", "grid", "sourceWidth", "sourceHeight",
             "outputWidth", "outputHeight", "noOp", "overEdit", "sizeChanged", "computedAt"
      FROM "EditSignal" WHERE "editId" = ${id}`,
  ]);
  const edit = rows[0];
  if (!edit) return null;
  const [sourceImage, outputImage] = await Promise.all([
    imageView({ id: edit.sourceImageId, uri: edit.sourceUri, localPath: edit.sourceLocalPath }),
    imageView({ id: edit.outputImageId, uri: edit.outputUri, localPath: edit.outputLocalPath }),
  ]);
  return {
    id: edit.id,
    attempt: edit.attempt,
    origin: edit.origin,
    overall: edit.overall,
    judgeVerdict: edit.judgeVerdict,
    humanVerdict: edit.humanVerdict,
    effectiveVerdict: edit.effectiveVerdict,
    sourceImage,
    outputImage,
    task: {
      id: edit.taskId,
      longInstruction: edit.longInstruction,
      shortInstruction: edit.shortInstruction,
      editType: edit.editType,
      category: edit.category,
    },
    judgements,
    signal: signals[0] ?? null,
    reviews,
    pairChanges,
    attempts,
    pairs,
    sequence:
      edit.sequenceId === null || edit.position === null
        ? null
        : { id: edit.sequenceId, position: edit.position, turns: edit.turns ?? 0 },
  };
}
