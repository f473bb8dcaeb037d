import type pg from "pg";

import type { Verdict } from "./judgements";
import { lockTasksOfEdits, syncPairs } from "./pairs";
import { ReviewInputError } from "./reviews";

// One verdict for many edits at once (a gallery selection, or a whole filter): a
// ReviewBatch and one review per edit, the edits' verdicts and their tasks' pairs, in the
// caller's transaction. Undo of a batch restores every edit's state before it, provided
// none was reviewed since.

// The most edits one bulk verdict may touch: the route asks for a narrower filter above it.
export const BULK_LIMIT = 5_000;

export type BatchResult = { batchId: number; edits: number; createdAt: Date };

export class BatchConflictError extends Error {
  constructor(
    readonly batchId: number,
    readonly changed: number[],
  ) {
    super(
      `batch ${batchId} cannot be undone: ${changed.length} of its edits were reviewed since (edit ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ", …" : ""})`,
    );
    this.name = "BatchConflictError";
  }
}

// Applies the reviews just inserted (rows of editId, reviewId, verdict) to the edits, their
// pairs and claims.
async function apply(
  client: pg.ClientBase,
  taskIds: number[],
  reviews: { editId: number; reviewId: number; verdict: Verdict | null }[],
) {
  await client.query(
    `WITH given AS (SELECT * FROM unnest($1::int[], $2::"Verdict"[]) AS g(edit, verdict)), edit AS (
       UPDATE "Edit" e SET "humanVerdict" = g.verdict, "effectiveVerdict" = COALESCE(g.verdict, e."judgeVerdict")
       FROM given g WHERE e."id" = g.edit
     )
     DELETE FROM "ReviewClaim" WHERE "editId" IN (SELECT edit FROM given)`,
    [reviews.map((review) => review.editId), reviews.map((review) => review.verdict)],
  );
  await syncPairs(client, taskIds, { reviews });
}

export type NewReview = { editId: number; reviewerId: number; verdict: Verdict; note: string | null };

// Appends many reviews at once, each against its edit's state as it stands (no version is
// checked: for a writer that holds the edits' state itself, as a bulk verdict or the demo),
// and applies them.
export async function appendReviews(
  client: pg.ClientBase,
  reviews: NewReview[],
  batchId: number | null = null,
): Promise<{ editId: number; reviewId: number; verdict: Verdict | null; createdAt: Date }[]> {
  if (new Set(reviews.map((review) => review.editId)).size !== reviews.length)
    throw new ReviewInputError("an edit is named twice");
  const editIds = reviews.map((review) => review.editId);
  const taskIds = await lockTasksOfEdits(client, editIds);
  const { rows } = await client.query(
    `INSERT INTO "Review" ("editId", "reviewerId", "verdict", "note", "previousVerdict", "previousReviewId", "batchId")
     SELECT e."id", g.reviewer, g.verdict, g.note, e."effectiveVerdict",
            (SELECT max(r."id") FROM "Review" r WHERE r."editId" = e."id"), $5
     FROM unnest($1::int[], $2::int[], $3::"Verdict"[], $4::text[]) AS g(edit, reviewer, verdict, note)
     JOIN "Edit" e ON e."id" = g.edit
     RETURNING "id" AS "reviewId", "editId", "verdict", "createdAt"`,
    [
      editIds,
      reviews.map((review) => review.reviewerId),
      reviews.map((review) => review.verdict),
      reviews.map((review) => review.note),
      batchId,
    ],
  );
  if (rows.length !== reviews.length) {
    const found = new Set(rows.map((row) => row.editId));
    throw new ReviewInputError(`no edit has id ${editIds.find((id) => !found.has(id))}`);
  }
  await apply(client, taskIds, rows);
  return rows;
}

export async function bulkReview(
  client: pg.ClientBase,
  reviewerId: number,
  input: { editIds: number[]; verdict: Verdict; note: string | null; filter: unknown },
): Promise<BatchResult> {
  const editIds = [...new Set(input.editIds)];
  if (editIds.length === 0) throw new ReviewInputError("no edits to review");
  if (editIds.length > BULK_LIMIT)
    throw new ReviewInputError(`${editIds.length} edits are over the limit of ${BULK_LIMIT} for one bulk verdict`);
  const { rows: batch } = await client.query<{ id: number; createdAt: Date }>(
    `INSERT INTO "ReviewBatch" ("reviewerId", "verdict", "note", "filter", "editCount") VALUES ($1, $2, $3, $4, $5)
     RETURNING "id", "createdAt"`,
    [
      reviewerId,
      input.verdict,
      input.note,
      input.filter === null ? null : JSON.stringify(input.filter),
      editIds.length,
    ],
  );
  const { id: batchId, createdAt } = batch[0] as { id: number; createdAt: Date };
  await appendReviews(
    client,
    editIds.map((editId) => ({ editId, reviewerId, verdict: input.verdict, note: input.note })),
    batchId,
  );
  return { batchId, edits: editIds.length, createdAt };
}

export async function undoBatch(client: pg.ClientBase, reviewerId: number, batchId: number): Promise<BatchResult> {
  const { rows: reviewed } = await client.query<{ editId: number }>(
    `SELECT "editId" FROM "Review" WHERE "batchId" = $1`,
    [batchId],
  );
  if (reviewed.length === 0) throw new ReviewInputError(`no review batch has id ${batchId}`);
  const taskIds = await lockTasksOfEdits(
    client,
    reviewed.map((row) => row.editId),
  );
  const { rows: changed } = await client.query<{ editId: number }>(
    `SELECT r."editId" FROM "Review" r
     WHERE r."batchId" = $1 AND EXISTS (SELECT 1 FROM "Review" later WHERE later."editId" = r."editId" AND later."id" > r."id")
     ORDER BY r."editId"`,
    [batchId],
  );
  if (changed.length)
    throw new BatchConflictError(
      batchId,
      changed.map((row) => row.editId),
    );
  const { rows } = await client.query(
    `WITH batch AS (
       INSERT INTO "ReviewBatch" ("reviewerId", "verdict", "note", "filter", "editCount", "undoOfId")
       SELECT $2, NULL, 'Undo of batch ' || $1::int, NULL, $3, $1::int
       RETURNING "id"
     )
     INSERT INTO "Review" ("editId", "reviewerId", "verdict", "compliance", "realism", "preservation", "technical", "overall",
                           "note", "previousVerdict", "previousReviewId", "undoOfId", "batchId")
     SELECT r."editId", $2, p."verdict", p."compliance", p."realism", p."preservation", p."technical", p."overall",
            'Undo of review ' || r."id", e."effectiveVerdict", r."id", r."id", batch."id"
     FROM "Review" r JOIN "Edit" e ON e."id" = r."editId" LEFT JOIN "Review" p ON p."id" = r."previousReviewId", batch
     WHERE r."batchId" = $1
     RETURNING "id" AS "reviewId", "editId", "verdict", "batchId", "createdAt"`,
    [batchId, reviewerId, reviewed.length],
  );
  await apply(client, taskIds, rows);
  return { batchId: rows[0].batchId, edits: rows.length, createdAt: rows[0].createdAt };
}
