import type pg from "pg";

import { CRITERIA, overallScore, ScoreError, type Criterion } from "../scoring/scoring";
import type { Verdict } from "./judgements";
import { syncPairs } from "./pairs";

// Human verdicts: the one writer of Review and of the human side of Edit. A review is
// appended, the edit's human and effective verdicts change, the task's pairs are derived
// again and the edit's claim ends, in the caller's transaction (curationTransaction). A review
// names the version of the edit it was made against, the edit's newest review then (null
// for none): when another review came first, it is refused with the one that did, so no
// verdict overwrites one its author never saw. Nothing is deleted: an undo is a review
// that restores the state before the review it undoes, "no human verdict" included.

export type Corrections = Partial<Record<Criterion, number>>;

export type ReviewInput = {
  editId: number;
  verdict: Verdict;
  // Criteria the annotator corrected; the others stay the judge's.
  scores?: Corrections;
  note?: string | null;
  // The id of the edit's newest review the annotator saw, null when it had none.
  after: number | null;
};

export type StoredReview = {
  id: number;
  editId: number;
  verdict: Verdict | null;
  overall: number | null;
  effectiveVerdict: Verdict | null;
  createdAt: Date;
};

// Who changed the edit since the version a review was made against.
export type EditVersion = {
  reviewId: number | null;
  verdict: Verdict | null;
  reviewer: string | null;
  at: Date | null;
};

export class ReviewConflictError extends Error {
  constructor(
    readonly editId: number,
    readonly current: EditVersion,
  ) {
    super(
      current.reviewId === null
        ? `edit ${editId} changed: its reviews were taken back; reload it`
        : `edit ${editId} was reviewed by ${current.reviewer} at ${current.at?.toISOString()} (${current.verdict?.toLowerCase() ?? "no human verdict"}) after the version you saw`,
    );
    this.name = "ReviewConflictError";
  }
}

export class ReviewInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ReviewInputError";
  }
}

type Scores = { criteria: Record<Criterion, number> | null; overall: number | null };

type EditState = {
  taskId: number;
  judgeVerdict: Verdict | null;
  judgeScores: Record<Criterion, number | null>;
  newest: EditVersion;
};

// Locks the edit's task, then reads the edit and its newest review as they stand. Two
// statements: one that waited for the lock would still read the review as its snapshot
// had it, from before the holder committed. Both named, so that each connection plans
// them once.
async function lockEdit(client: pg.ClientBase, editId: number): Promise<EditState> {
  await client.query({
    name: "curation-lock-task",
    text: `SELECT "id" FROM "Task" WHERE "id" = (SELECT "taskId" FROM "Edit" WHERE "id" = $1) FOR NO KEY UPDATE`,
    values: [editId],
  });
  const { rows } = await client.query({
    name: "curation-read-edit",
    text: `SELECT e."taskId", e."judgeVerdict", e."compliance", e."realism", e."preservation", e."technical",
                  r."id" AS "reviewId", r."verdict", r."createdAt", u."name" AS "reviewer"
           FROM "Edit" e
           LEFT JOIN LATERAL (SELECT * FROM "Review" WHERE "editId" = e."id" ORDER BY "id" DESC LIMIT 1) r ON true
           LEFT JOIN "User" u ON u."id" = r."reviewerId"
           WHERE e."id" = $1`,
    values: [editId],
  });
  const row = rows[0];
  if (!row) throw new ReviewInputError(`no edit has id ${editId}`);
  return {
    taskId: row.taskId,
    judgeVerdict: row.judgeVerdict,
    judgeScores: Object.fromEntries(
      CRITERIA.map((criterion) => [criterion, row[criterion]]),
    ) as EditState["judgeScores"],
    newest: { reviewId: row.reviewId, verdict: row.verdict, reviewer: row.reviewer, at: row.createdAt },
  };
}

function checkVersion(editId: number, state: EditState, after: number | null) {
  if (state.newest.reviewId !== after) throw new ReviewConflictError(editId, state.newest);
}

// The judge's criteria with the annotator's corrections, and the overall the scoring
// module computes from them; no scores when nothing was corrected.
function correctedScores(editId: number, state: EditState, corrections: Corrections | undefined): Scores {
  const given = CRITERIA.filter((criterion) => corrections?.[criterion] !== undefined);
  if (given.length === 0) return { criteria: null, overall: null };
  const criteria = Object.fromEntries(
    CRITERIA.map((criterion) => [criterion, corrections?.[criterion] ?? state.judgeScores[criterion]]),
  ) as Record<Criterion, number | null>;
  const missing = CRITERIA.filter((criterion) => criteria[criterion] === null);
  if (missing.length)
    throw new ReviewInputError(
      `edit ${editId} has no judge scores to correct: give all four criteria (missing ${missing.join(", ")})`,
    );
  try {
    return { criteria: criteria as Record<Criterion, number>, overall: overallScore(criteria) };
  } catch (error) {
    if (error instanceof ScoreError) throw new ReviewInputError(`edit ${editId}: ${error.message}`);
    throw error;
  }
}

// Appends one review and applies it. verdict null takes the human verdict back.
async function writeReview(
  client: pg.ClientBase,
  reviewerId: number,
  editId: number,
  state: EditState,
  review: { verdict: Verdict | null; scores: Scores; note: string | null; undoOfId: number | null },
): Promise<StoredReview> {
  const { criteria, overall } = review.scores;
  const { rows } = await client.query({
    name: "curation-write-review",
    text: `WITH review AS (
       INSERT INTO "Review" ("editId", "reviewerId", "verdict", "compliance", "realism", "preservation", "technical",
                             "overall", "note", "previousVerdict", "previousReviewId", "undoOfId")
       SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, e."effectiveVerdict", $10, $11 FROM "Edit" e WHERE e."id" = $1
       RETURNING "id", "createdAt"
     ), edit AS (
       UPDATE "Edit" SET "humanVerdict" = $3, "effectiveVerdict" = COALESCE($3::"Verdict", "judgeVerdict")
       WHERE "id" = $1 RETURNING "effectiveVerdict"
     ), claim AS (
       DELETE FROM "ReviewClaim" WHERE "editId" = $1
     )
     SELECT review."id", review."createdAt", edit."effectiveVerdict" FROM review, edit`,
    values: [
      editId,
      reviewerId,
      review.verdict,
      criteria?.compliance ?? null,
      criteria?.realism ?? null,
      criteria?.preservation ?? null,
      criteria?.technical ?? null,
      overall,
      review.note,
      state.newest.reviewId,
      review.undoOfId,
    ],
  });
  const row = rows[0];
  await syncPairs(client, [state.taskId], { reviews: [{ editId, reviewId: row.id }] });
  return {
    id: row.id,
    editId,
    verdict: review.verdict,
    overall,
    effectiveVerdict: row.effectiveVerdict,
    createdAt: row.createdAt,
  };
}

export async function recordReview(client: pg.ClientBase, reviewerId: number, input: ReviewInput) {
  const state = await lockEdit(client, input.editId);
  checkVersion(input.editId, state, input.after);
  const scores = correctedScores(input.editId, state, input.scores);
  return writeReview(client, reviewerId, input.editId, state, {
    verdict: input.verdict,
    scores,
    note: input.note ?? null,
    undoOfId: null,
  });
}

// Undoes a review that is still its edit's newest: appends a review with the verdict and
// scores of the one before it, or none.
export async function undoReview(client: pg.ClientBase, reviewerId: number, reviewId: number) {
  const { rows } = await client.query(
    `SELECT r."editId", p."verdict", p."compliance", p."realism", p."preservation", p."technical", p."overall"
     FROM "Review" r LEFT JOIN "Review" p ON p."id" = r."previousReviewId" WHERE r."id" = $1`,
    [reviewId],
  );
  const undone = rows[0];
  if (!undone) throw new ReviewInputError(`no review has id ${reviewId}`);
  const state = await lockEdit(client, undone.editId);
  checkVersion(undone.editId, state, reviewId);
  const criteria = undone.overall === null ? null : Object.fromEntries(CRITERIA.map((c) => [c, undone[c]]));
  return writeReview(client, reviewerId, undone.editId, state, {
    verdict: undone.verdict,
    scores: { criteria: criteria as Scores["criteria"], overall: undone.overall },
    note: `Undo of review ${reviewId}`,
    undoOfId: reviewId,
  });
}
