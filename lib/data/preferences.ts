import "server-only";

import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { ChangeKind, PairFilter } from "../schemas/preference-params";
import { typeIdsOfCategories } from "../taxonomy/taxonomy";
import { cached } from "./changes";
import type { JudgementScores } from "./edits";
import { imageView, type ImageView } from "./images";

type Verdict = "PASS" | "FAIL" | null;
export type Judgement = JudgementScores;

// One side of a pair: an attempt at the pair's task, with its newest judgement.
export type PairSide = {
  editId: number;
  attempt: number;
  judgeVerdict: Verdict;
  humanVerdict: Verdict;
  effectiveVerdict: Verdict;
  output: ImageView;
  judgement: Judgement | undefined;
};

export type PairView = {
  id: number;
  provenance: "JUDGE" | "HUMAN";
  task: {
    id: number;
    shortInstruction: string;
    longInstruction: string;
    editType: string | null;
    category: string | null;
  };
  source: ImageView;
  chosen: PairSide;
  rejected: PairSide;
};

export type PreferenceCounts = { total: number; judge: number; human: number; added: number; removed: number };

// One pair change a review caused, with the review.
export type PairChangeView = {
  id: number;
  chosenEditId: number;
  rejectedEditId: number;
  createdAt: Date;
  review: {
    id: number;
    editId: number;
    reviewer: string;
    verdict: Verdict;
    batchId: number | null;
    undoOfId: number | null;
  };
};

export type Page<T> = { items: T[]; nextCursor: number | null };

// The edit type of the pair's task, as the filter's types and categories narrow it (both at
// once when both are given, as in the gallery), read from the chosen edit "ce": its
// editTypeId is the task's copy, indexed with the edit id. Task's own is not indexed: on
// 500K edits and 120K pairs, a type the planner's statistics did not know sent it
// scanning all of Task (its instructions, 45 MB) for 120 ms, where Edit's index answers in
// 1 ms; a rare type with provenance=human took 60 ms through Task, 30 ms through Edit.
function typeConditions(filter: Pick<PairFilter, "types" | "categories">): Prisma.Sql[] {
  const ofTypes = (ids: number[]) => Prisma.sql`ce."editTypeId" = ANY(${ids}::int[])`;
  return [
    ...(filter.types?.length ? [ofTypes(filter.types)] : []),
    // An unknown category has no types, and so no pairs.
    ...(filter.categories?.length ? [ofTypes(typeIdsOfCategories(filter.categories))] : []),
  ];
}

const where = (conditions: Prisma.Sql[]): Prisma.Sql =>
  conditions.length ? Prisma.join(conditions, " AND ") : Prisma.sql`TRUE`;

// The page's rows and whether there is another page after it, keyset on id, newest first.
function pageOf<T extends { id: number }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
}

type SideRow = {
  pairId: number;
  provenance: "JUDGE" | "HUMAN";
  side: "chosen" | "rejected";
  taskId: number;
  shortInstruction: string;
  longInstruction: string;
  editType: string | null;
  category: string | null;
  sourceId: number;
  sourceUri: string;
  sourceLocalPath: string | null;
  editId: number;
  attempt: number;
  judgeVerdict: Verdict;
  humanVerdict: Verdict;
  effectiveVerdict: Verdict;
  outputId: number;
  outputUri: string;
  outputLocalPath: string | null;
  judge: string | null;
  compliance: number | null;
  realism: number | null;
  preservation: number | null;
  technical: number | null;
  overall: number | null;
  passed: boolean | null;
  rationale: string | null;
  judgedAt: Date | null;
};

async function sideOf(row: SideRow): Promise<PairSide> {
  const { judge, passed, judgedAt } = row;
  return {
    editId: row.editId,
    attempt: row.attempt,
    judgeVerdict: row.judgeVerdict,
    humanVerdict: row.humanVerdict,
    effectiveVerdict: row.effectiveVerdict,
    output: await imageView({ id: row.outputId, uri: row.outputUri, localPath: row.outputLocalPath }),
    judgement:
      judge === null || passed === null || judgedAt === null
        ? undefined
        : {
            judge,
            compliance: row.compliance,
            realism: row.realism,
            preservation: row.preservation,
            technical: row.technical,
            overall: row.overall,
            passed,
            rationale: row.rationale,
            createdAt: judgedAt,
          },
  };
}

async function pairOf(chosen: SideRow, rejected: SideRow): Promise<PairView> {
  const [source, chosenSide, rejectedSide] = await Promise.all([
    imageView({ id: chosen.sourceId, uri: chosen.sourceUri, localPath: chosen.sourceLocalPath }),
    sideOf(chosen),
    sideOf(rejected),
  ]);
  return {
    id: chosen.pairId,
    provenance: chosen.provenance,
    task: {
      id: chosen.taskId,
      shortInstruction: chosen.shortInstruction,
      longInstruction: chosen.longInstruction,
      editType: chosen.editType,
      category: chosen.category,
    },
    source,
    chosen: chosenSide,
    rejected: rejectedSide,
  };
}

// One page of pairs under the filter, newest first, after the cursor (the last pair id
// seen): one statement. The page's ids are found first, walking the primary key
// backwards and joining each pair's chosen edit for its type, so a page deep in the list
// costs what the first does; only then are the page's two sides per pair read (a row
// each), with each edit's newest judgement, the one the edit page shows.
export async function findPairs(filter: PairFilter, page: { cursor?: number; limit: number }): Promise<Page<PairView>> {
  const conditions = [
    ...(page.cursor === undefined ? [] : [Prisma.sql`p."id" < ${page.cursor}`]),
    ...(filter.provenance ? [Prisma.sql`p."provenance" = ${filter.provenance.toUpperCase()}::"PairProvenance"`] : []),
    ...typeConditions(filter),
  ];
  const rows = await db.$queryRaw<SideRow[]>`
    WITH page AS MATERIALIZED (
      SELECT p."id", p."taskId", p."chosenEditId", p."rejectedEditId", p."provenance"
      FROM "PreferencePair" p JOIN "Edit" ce ON ce."id" = p."chosenEditId"
      WHERE ${where(conditions)}
      ORDER BY p."id" DESC LIMIT ${page.limit + 1}
    )
    SELECT page."id" AS "pairId", page."provenance"::text AS "provenance", side.name AS "side",
           t."id" AS "taskId", t."shortInstruction", t."longInstruction", et."name" AS "editType", c."name" AS "category",
           si."id" AS "sourceId", si."uri" AS "sourceUri", si."localPath" AS "sourceLocalPath",
           e."id" AS "editId", e."attempt", e."judgeVerdict"::text AS "judgeVerdict",
           e."humanVerdict"::text AS "humanVerdict", e."effectiveVerdict"::text AS "effectiveVerdict",
           oi."id" AS "outputId", oi."uri" AS "outputUri", oi."localPath" AS "outputLocalPath",
           j."judge", j."compliance", j."realism", j."preservation", j."technical", j."overall", j."passed",
           j."rationale", j."createdAt" AS "judgedAt"
    FROM page
    CROSS JOIN LATERAL (VALUES ('chosen', page."chosenEditId"), ('rejected', page."rejectedEditId")) AS side(name, "editId")
    JOIN "Task" t ON t."id" = page."taskId"
    JOIN "Image" si ON si."id" = t."sourceImageId"
    JOIN "Edit" e ON e."id" = side."editId"
    JOIN "Image" oi ON oi."id" = e."outputImageId"
    LEFT JOIN "EditType" et ON et."id" = t."editTypeId"
    LEFT JOIN "Category" c ON c."id" = et."categoryId"
    LEFT JOIN "Judgement" j ON j."id" = e."judgementId"
    ORDER BY page."id" DESC, side.name`;
  const sides = new Map<number, Partial<Record<SideRow["side"], SideRow>>>();
  for (const row of rows) sides.set(row.pairId, { ...sides.get(row.pairId), [row.side]: row });
  const pairs = [...sides.values()].flatMap(({ chosen, rejected }) =>
    chosen && rejected ? [pairOf(chosen, rejected)] : [],
  );
  return pageOf(await Promise.all(pairs), page.limit);
}

// The figures above the list: pairs by provenance, and the pairs reviews added and
// removed (a change with a review; an import's changes have none). Each a scan of a whole
// table, so cached until pairs, their log or reviews change.
export const getPreferenceCounts = (): Promise<PreferenceCounts> =>
  cached("preference counts", ["PreferencePair", "PairChange", "Review"], readPreferenceCounts);

async function readPreferenceCounts(): Promise<PreferenceCounts> {
  const [row] = await db.$queryRaw<{ total: bigint; judge: bigint; human: bigint; added: bigint; removed: bigint }[]>`
    SELECT pairs.total, pairs.judge, pairs.human, changes.added, changes.removed
    FROM (SELECT count(*) AS total, count(*) FILTER (WHERE "provenance" = 'JUDGE') AS judge,
                 count(*) FILTER (WHERE "provenance" = 'HUMAN') AS human
          FROM "PreferencePair") pairs,
         (SELECT count(*) FILTER (WHERE "kind" = 'ADDED') AS added, count(*) FILTER (WHERE "kind" = 'REMOVED') AS removed
          FROM "PairChange" WHERE "reviewId" IS NOT NULL) changes`;
  return {
    total: Number(row?.total ?? 0),
    judge: Number(row?.judge ?? 0),
    human: Number(row?.human ?? 0),
    added: Number(row?.added ?? 0),
    removed: Number(row?.removed ?? 0),
  };
}

type ChangeRow = Omit<PairChangeView, "review"> & {
  reviewId: number;
  editId: number;
  reviewer: string;
  verdict: Verdict;
  batchId: number | null;
  undoOfId: number | null;
};

// The pairs reviews added (or removed), newest first, each with the review that did it,
// under the filter's types and categories (of the pair's task), after the cursor (the
// last change id seen).
export async function findPairChanges(
  kind: ChangeKind,
  filter: Pick<PairFilter, "types" | "categories">,
  page: { cursor?: number; limit: number },
): Promise<Page<PairChangeView>> {
  const conditions = [
    // Implied by the join on Review, and said outright so that the planner counts only
    // the reviews' changes, not every pair an import logged.
    Prisma.sql`c."reviewId" IS NOT NULL`,
    Prisma.sql`c."kind" = ${kind.toUpperCase()}::"PairChangeKind"`,
    ...(page.cursor === undefined ? [] : [Prisma.sql`c."id" < ${page.cursor}`]),
    ...typeConditions(filter),
  ];
  const rows = await db.$queryRaw<ChangeRow[]>`
    SELECT c."id", c."chosenEditId", c."rejectedEditId", c."createdAt",
           r."id" AS "reviewId", r."editId", u."name" AS "reviewer", r."verdict"::text AS "verdict", r."batchId", r."undoOfId"
    FROM "PairChange" c
    JOIN "Review" r ON r."id" = c."reviewId"
    JOIN "User" u ON u."id" = r."reviewerId"
    JOIN "Edit" ce ON ce."id" = c."chosenEditId"
    WHERE ${where(conditions)}
    ORDER BY c."id" DESC LIMIT ${page.limit + 1}`;
  return pageOf(
    rows.map(({ reviewId, editId, reviewer, verdict, batchId, undoOfId, ...change }) => ({
      ...change,
      review: { id: reviewId, editId, reviewer, verdict, batchId, undoOfId },
    })),
    page.limit,
  );
}
