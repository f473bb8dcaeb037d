import "server-only";

import { db, pgPool } from "../db";
import { AppError } from "../api/errors";
import { BatchConflictError } from "../curation/bulk";
import { needsReviewWhere } from "../curation/queue";
import { ReviewConflictError, ReviewInputError } from "../curation/reviews";
import { curationTransaction, type TransactionKind } from "../curation/transaction";
import type { PoolClient } from "pg";
import type { EditFilter } from "../schemas/edit-filter";
import type { Band } from "../schemas/review";
import { editFilterWhere } from "../sql/edit-filter";
import { imageView, type ImageView } from "./images";

// What the review page reads and how its writes fail, for the routes under app/api/reviews.

type Verdict = "PASS" | "FAIL" | null;

export type ReviewItem = {
  id: number;
  taskId: number;
  attempt: number;
  shortInstruction: string;
  longInstruction: string;
  editType: string | null;
  category: string | null;
  judgeVerdict: Verdict;
  overall: number | null;
  scores: { compliance: number | null; realism: number | null; preservation: number | null; technical: number | null };
  humanVerdict: Verdict;
  // The edit's newest review: the version a review of it is made against. On a blind
  // second review its verdict and author are not sent.
  newest: { id: number; verdict: Verdict; reviewer: string | null; at: string } | null;
  blind: boolean;
  sourceImage: ImageView;
  outputImage: ImageView;
};

type ItemRow = Omit<ReviewItem, "scores" | "newest" | "sourceImage" | "outputImage"> & {
  compliance: number | null;
  realism: number | null;
  preservation: number | null;
  technical: number | null;
  newestId: number | null;
  newestVerdict: Verdict;
  newestReviewer: string | null;
  newestAt: Date | null;
  sourceImageId: number;
  sourceUri: string;
  sourceLocalPath: string | null;
  outputImageId: number;
  outputUri: string;
  outputLocalPath: string | null;
};

// The edits to review, in the order given, with what the review page shows of each. Read
// on the pool of the review writes, by name: it follows every claim, and a statement
// through Prisma cost a few milliseconds more (docs/performance.md, bench:review).
export async function getReviewItems(ids: number[], userId: number): Promise<ReviewItem[]> {
  if (ids.length === 0) return [];
  const { rows } = await pgPool().query<ItemRow>({
    name: "review-items",
    values: [ids, userId],
    text: `
    SELECT e."id", e."taskId", e."attempt", t."shortInstruction", t."longInstruction", et."name" AS "editType",
           c."name" AS "category", e."judgeVerdict"::text AS "judgeVerdict", e."overall",
           e."compliance", e."realism", e."preservation", e."technical",
           e."humanVerdict"::text AS "humanVerdict",
           r."id" AS "newestId", r."verdict"::text AS "newestVerdict", u."name" AS "newestReviewer", r."createdAt" AS "newestAt",
           EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."editId" = e."id" AND a."userId" = $2
                   AND NOT EXISTS (SELECT 1 FROM "Review" mine WHERE mine."editId" = e."id" AND mine."reviewerId" = $2
                                   AND mine."createdAt" >= a."createdAt")) AS "blind",
           si."id" AS "sourceImageId", si."uri" AS "sourceUri", si."localPath" AS "sourceLocalPath",
           oi."id" AS "outputImageId", oi."uri" AS "outputUri", oi."localPath" AS "outputLocalPath"
    FROM unnest($1::int[]) WITH ORDINALITY AS g(id, position)
    JOIN "Edit" e ON e."id" = g.id
    JOIN "Task" t ON t."id" = e."taskId"
    JOIN "Image" si ON si."id" = t."sourceImageId"
    JOIN "Image" oi ON oi."id" = e."outputImageId"
    LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
    LEFT JOIN "Category" c ON c."id" = et."categoryId"
    LEFT JOIN LATERAL (SELECT * FROM "Review" WHERE "editId" = e."id" ORDER BY "id" DESC LIMIT 1) r ON true
    LEFT JOIN "User" u ON u."id" = r."reviewerId"
    ORDER BY g.position`,
  });
  return Promise.all(rows.map(itemOf));
}

async function itemOf(row: ItemRow): Promise<ReviewItem> {
  const [sourceImage, outputImage] = await Promise.all([
    imageView({ id: row.sourceImageId, uri: row.sourceUri, localPath: row.sourceLocalPath }),
    imageView({ id: row.outputImageId, uri: row.outputUri, localPath: row.outputLocalPath }),
  ]);
  return {
    id: row.id,
    taskId: row.taskId,
    attempt: row.attempt,
    shortInstruction: row.shortInstruction,
    longInstruction: row.longInstruction,
    editType: row.editType,
    category: row.category,
    judgeVerdict: row.judgeVerdict,
    overall: row.overall,
    scores: {
      compliance: row.compliance,
      realism: row.realism,
      preservation: row.preservation,
      technical: row.technical,
    },
    humanVerdict: row.blind ? null : row.humanVerdict,
    newest:
      row.newestId === null
        ? null
        : {
            id: row.newestId,
            verdict: row.blind ? null : row.newestVerdict,
            reviewer: row.blind ? null : row.newestReviewer,
            at: (row.newestAt as Date).toISOString(),
          },
    blind: row.blind,
    sourceImage,
    outputImage,
  };
}

// How many edits under the filter still need a first human verdict, and how many reviews
// the annotator wrote in the last hour.
export async function queueProgress(filter: EditFilter, band: Band, userId: number) {
  const need = needsReviewWhere(band, 1);
  const where = editFilterWhere(filter, need.values.length + 1);
  const from = `"Edit" e${where.usesTask ? ` JOIN "Task" t ON t."id" = e."taskId"` : ""}`;
  const [left, hour] = await Promise.all([
    db.$queryRawUnsafe<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM ${from}
       WHERE e."humanVerdict" IS NULL AND e."judgeVerdict" IS NOT NULL AND ${need.text} AND ${where.text}`,
      ...need.values,
      ...where.values,
    ),
    db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM "Review" WHERE "reviewerId" = ${userId} AND "createdAt" > now() - interval '1 hour'`,
  ]);
  return { left: left[0]?.count ?? 0, lastHour: hour[0]?.count ?? 0 };
}

// Runs a curation write in one transaction, its refusals as the API's errors: a stale
// review is a 409 that carries who changed the edit, for the client to show both verdicts.
export async function curate<T>(
  write: (client: PoolClient) => Promise<T>,
  kind: TransactionKind = "write",
): Promise<T> {
  try {
    return await curationTransaction(pgPool(), write, kind);
  } catch (error) {
    if (error instanceof ReviewConflictError) throw new AppError("CONFLICT", error.message, { current: error.current });
    if (error instanceof BatchConflictError) throw new AppError("CONFLICT", error.message, { changed: error.changed });
    if (error instanceof ReviewInputError)
      throw new AppError(error.message.startsWith("no ") ? "NOT_FOUND" : "INVALID_INPUT", error.message);
    // Two reviews that followed the same version: the unique index caught what the lock
    // should have (see the migration review_queue).
    if ((error as { code?: string }).code === "23505" && String((error as Error).message).includes("Review_"))
      throw new AppError("CONFLICT", "the edit was reviewed by someone else at the same moment; reload it");
    throw error;
  }
}
