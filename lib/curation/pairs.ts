import type pg from "pg";

import { allocateIds, copyRows } from "../postgres/copy";
import { derivePreferencePairs, type PairInput } from "./preference-pairs";

// The stored preference pairs, kept equal to the rule of preference-pairs.ts. The rule is
// written twice: in TypeScript, per task, for tasks whose edits are all in hand (an
// import's new tasks, the demo), and in SQL below, for tasks whose edits are in the
// database. sync-pairs.integration.test.ts runs both over the same random verdicts.
// Every pair that comes or goes is logged in PairChange with its cause.

// What changed the verdicts: an import batch (records or scores), reviews, each named with
// the edit it is about (a bulk verdict has one per edit), or a judge run.
export type PairCause =
  | { importBatchId: number }
  | { reviews: { editId: number; reviewId: number }[] }
  | { judgeRunId: number }
  | { judgeActivationId: number };

// Locks the tasks whose edits' verdicts are about to change, in id order so that two
// writers never wait on each other. Every writer of verdicts takes these locks first: the
// pairs of a task are derived from all its edits, so two writers on two edits of one task
// must not both derive them from what the other has not committed. FOR NO KEY UPDATE does
// not block the key checks of rows that reference the task.
export async function lockTasks(client: pg.ClientBase, taskIds: number[]): Promise<void> {
  if (taskIds.length === 0) return;
  await client.query(`SELECT "id" FROM "Task" WHERE "id" = ANY($1::int[]) ORDER BY "id" FOR NO KEY UPDATE`, [
    [...new Set(taskIds)],
  ]);
}

// Locks the tasks of these edits (lockTasks) and returns their ids.
export async function lockTasksOfEdits(client: pg.ClientBase, editIds: number[]): Promise<number[]> {
  const { rows } = await client.query<{ taskId: number }>(
    `SELECT DISTINCT "taskId" FROM "Edit" WHERE "id" = ANY($1::int[])`,
    [editIds],
  );
  const taskIds = rows.map((row) => row.taskId);
  await lockTasks(client, taskIds);
  return taskIds;
}

// Brings the pairs of these tasks in line with their edits' effective verdicts, in one
// statement: pairs that no longer hold go (an edit whose verdict was taken back to none
// included), missing ones come, provenance follows the verdicts, and what came or went is
// logged. Run in the transaction that changed the verdicts, after lockTasks.
export async function syncPairs(client: pg.ClientBase, taskIds: number[], cause: PairCause): Promise<void> {
  if (taskIds.length === 0) return;
  const reviews = "reviews" in cause ? cause.reviews : [];
  await client.query({
    name: "curation-sync-pairs",
    text: `WITH target AS (
       SELECT c."taskId", c."id" AS chosen, r."id" AS rejected,
              CASE WHEN c."humanVerdict" IS NULL AND r."humanVerdict" IS NULL THEN 'JUDGE' ELSE 'HUMAN' END::"PairProvenance" AS provenance
       FROM "Edit" c JOIN "Edit" r ON r."taskId" = c."taskId"
       WHERE c."taskId" = ANY($1::int[]) AND c."effectiveVerdict" = 'PASS' AND r."effectiveVerdict" = 'FAIL'
     ), removed AS (
       DELETE FROM "PreferencePair" p WHERE p."taskId" = ANY($1::int[])
         AND NOT EXISTS (SELECT 1 FROM target t WHERE t.chosen = p."chosenEditId" AND t.rejected = p."rejectedEditId")
       RETURNING p."taskId", p."chosenEditId" AS chosen, p."rejectedEditId" AS rejected, 'REMOVED'::"PairChangeKind" AS kind
     ), written AS (
       INSERT INTO "PreferencePair" ("taskId", "chosenEditId", "rejectedEditId", "provenance")
       SELECT "taskId", chosen, rejected, provenance FROM target
       ON CONFLICT ("chosenEditId", "rejectedEditId") DO UPDATE SET "provenance" = EXCLUDED."provenance"
       WHERE "PreferencePair"."provenance" IS DISTINCT FROM EXCLUDED."provenance"
       RETURNING "taskId", "chosenEditId" AS chosen, "rejectedEditId" AS rejected, xmax = 0 AS inserted
     ), changed AS (
       SELECT "taskId", chosen, rejected, kind FROM removed
       UNION ALL SELECT "taskId", chosen, rejected, 'ADDED'::"PairChangeKind" FROM written WHERE inserted
     ), cause AS (
       SELECT * FROM unnest($2::int[], $3::int[]) AS c(edit, review)
     )
     INSERT INTO "PairChange" ("taskId", "chosenEditId", "rejectedEditId", "kind", "reviewId", "importBatchId", "judgeRunId",
                               "judgeActivationId")
     SELECT ch."taskId", ch.chosen, ch.rejected, ch.kind,
            COALESCE((SELECT review FROM cause WHERE edit = ch.chosen), (SELECT review FROM cause WHERE edit = ch.rejected)), $4, $5, $6
     FROM changed ch`,
    values: [
      taskIds,
      reviews.map((review) => review.editId),
      reviews.map((review) => review.reviewId),
      "importBatchId" in cause ? cause.importBatchId : null,
      "judgeRunId" in cause ? cause.judgeRunId : null,
      "judgeActivationId" in cause ? cause.judgeActivationId : null,
    ],
  });
}

// The pairs of tasks made in this transaction, whose edits are all given here: derived in
// TypeScript and written with COPY, as a bulk import writes its rows, and logged as added
// by the batch.
export async function writeNewTaskPairs(
  client: pg.ClientBase,
  tasks: Map<number, PairInput[]>,
  importBatchId: number,
): Promise<number> {
  const pairs = [...tasks].flatMap(([taskId, edits]) =>
    derivePreferencePairs(edits).map((pair) => ({ taskId, ...pair })),
  );
  const ids = await allocateIds(client, "PreferencePair", pairs.length);
  await copyRows(
    client,
    "PreferencePair",
    ["id", "taskId", "chosenEditId", "rejectedEditId", "provenance"],
    pairs.map((pair, n) => [ids[n], pair.taskId, pair.chosenEditId, pair.rejectedEditId, pair.provenance]),
  );
  const changeIds = await allocateIds(client, "PairChange", pairs.length);
  await copyRows(
    client,
    "PairChange",
    ["id", "taskId", "chosenEditId", "rejectedEditId", "kind", "importBatchId"],
    pairs.map((pair, n) => [changeIds[n], pair.taskId, pair.chosenEditId, pair.rejectedEditId, "ADDED", importBatchId]),
  );
  return pairs.length;
}
