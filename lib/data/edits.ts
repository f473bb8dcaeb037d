import "server-only";

import { pgPool } from "../db";
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

// A time as JSON carries it: milliseconds since the epoch (the columns keep milliseconds).
type Millis = number;

type EditRow = Pick<
  EditDetail,
  "id" | "attempt" | "origin" | "overall" | "judgeVerdict" | "humanVerdict" | "effectiveVerdict" | "attempts" | "pairs"
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
  judgements: (Omit<EditDetail["judgements"][number], "createdAt"> & { createdAt: Millis })[];
  reviews: (Omit<EditDetail["reviews"][number], "createdAt"> & { createdAt: Millis })[];
  pairChanges: (Omit<EditDetail["pairChanges"][number], "createdAt"> & { createdAt: Millis })[];
  signal: (Omit<NonNullable<EditDetail["signal"]>, "computedAt"> & { computedAt: Millis }) | null;
};

const millis = (column: string) => `(extract(epoch FROM ${column}) * 1000)::bigint`;

// Everything the edit page shows, newest judgement and review first, in one statement: its
// lists as JSON beside the edit's row. Sent as seven statements at once, each on a
// connection of its own, the reads cost a busy server more than the queries did: seven
// writes to PostgreSQL's sockets, each waking a backend (3.6 ms of the edit page's 28 ms of
// CPU, docs/performance.md). The pair changes of the edit's reviews are looked up by its
// task first: joined from "Review" alone, with no reviews yet and the import's 84K pair
// changes, the planner walked every pair change backwards by id (165 ms of the edit page's
// 182 in bench:browse; 0.5 ms by task).
const EDIT_DETAIL = `
  SELECT e."id", e."attempt", e."origin"::text AS "origin", e."overall", e."judgeVerdict"::text AS "judgeVerdict",
         e."humanVerdict"::text AS "humanVerdict", e."effectiveVerdict"::text AS "effectiveVerdict",
         t."id" AS "taskId", t."longInstruction", t."shortInstruction", et."name" AS "editType", c."name" AS "category",
         si."id" AS "sourceImageId", si."uri" AS "sourceUri", si."localPath" AS "sourceLocalPath",
         oi."id" AS "outputImageId", oi."uri" AS "outputUri", oi."localPath" AS "outputLocalPath",
         st."sequenceId", st."position",
         (SELECT count(*)::int FROM "SequenceTurn" all_turns WHERE all_turns."sequenceId" = st."sequenceId") AS "turns",
         (SELECT coalesce(json_agg(j ORDER BY j."createdAt" DESC, j."id" DESC), '[]')
          FROM (SELECT "id", "judge", "model", "rubricVersion", "runId", "id" IS NOT DISTINCT FROM e."judgementId" AS "current",
                       "compliance", "realism", "preservation", "technical", "overall", "passed", "rationale",
                       ${millis(`"createdAt"`)} AS "createdAt"
                FROM "Judgement" WHERE "editId" = e."id") j) AS "judgements",
         (SELECT coalesce(json_agg(r ORDER BY r."id" DESC), '[]')
          FROM (SELECT r."id", u."name" AS "reviewer", r."verdict", r."note", r."previousVerdict",
                       r."compliance", r."realism", r."preservation", r."technical", r."overall", r."undoOfId", r."batchId",
                       ${millis(`r."createdAt"`)} AS "createdAt"
                FROM "Review" r JOIN "User" u ON u."id" = r."reviewerId" WHERE r."editId" = e."id") r) AS "reviews",
         (SELECT coalesce(json_agg(a ORDER BY a."attempt", a."id"), '[]')
          FROM (SELECT "id", "attempt", "origin", "effectiveVerdict", "overall", "outputImageId"
                FROM "Edit" WHERE "taskId" = e."taskId") a) AS "attempts",
         (SELECT coalesce(json_agg(json_build_object('chosenEditId', p."chosenEditId", 'rejectedEditId', p."rejectedEditId",
                                                     'provenance', p."provenance") ORDER BY p."id"), '[]')
          FROM "PreferencePair" p WHERE p."taskId" = e."taskId") AS "pairs",
         (SELECT coalesce(json_agg(json_build_object('reviewId', pc."reviewId", 'chosenEditId', pc."chosenEditId",
                                                     'rejectedEditId', pc."rejectedEditId", 'kind', pc."kind",
                                                     'createdAt', ${millis(`pc."createdAt"`)}) ORDER BY pc."id" DESC), '[]')
          FROM "PairChange" pc
          WHERE pc."taskId" = e."taskId"
            AND pc."reviewId" IN (SELECT r."id" FROM "Review" r WHERE r."editId" = e."id")) AS "pairChanges",
         (SELECT row_to_json(s)
          FROM (SELECT "available", "error", "meanAbsDiff", "changedFraction", "ssim", "grid", "sourceWidth", "sourceHeight",
                       "outputWidth", "outputHeight", "noOp", "overEdit", "sizeChanged", ${millis(`"computedAt"`)} AS "computedAt"
                FROM "EditSignal" WHERE "editId" = e."id") s) AS "signal"
  FROM "Edit" e
  JOIN "Task" t ON t."id" = e."taskId"
  JOIN "Image" si ON si."id" = t."sourceImageId"
  JOIN "Image" oi ON oi."id" = e."outputImageId"
  LEFT JOIN "EditType" et ON et."id" = t."editTypeId"
  LEFT JOIN "Category" c ON c."id" = et."categoryId"
  LEFT JOIN "SequenceTurn" st ON st."editId" = e."id"
  WHERE e."id" = $1`;

export async function getEdit(id: number): Promise<EditDetail | null> {
  const { rows } = await pgPool().query<EditRow>({ name: "edit detail", text: EDIT_DETAIL, values: [id] });
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
    judgements: edit.judgements.map((judgement) => ({ ...judgement, createdAt: new Date(judgement.createdAt) })),
    signal: edit.signal && { ...edit.signal, computedAt: new Date(edit.signal.computedAt) },
    reviews: edit.reviews.map((review) => ({ ...review, createdAt: new Date(review.createdAt) })),
    pairChanges: edit.pairChanges.map((change) => ({ ...change, createdAt: new Date(change.createdAt) })),
    attempts: edit.attempts,
    pairs: edit.pairs,
    sequence:
      edit.sequenceId === null || edit.position === null
        ? null
        : { id: edit.sequenceId, position: edit.position, turns: edit.turns ?? 0 },
  };
}
