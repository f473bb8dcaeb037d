import type pg from "pg";

import { copyRows } from "../postgres/copy";
import { lockTasksOfEdits, syncPairs, type PairCause } from "./pairs";

// Judgements and the verdict columns of Edit they set. An edit's current judgement
// (Edit.judgementId) is the active judge's judgement of it where there is one, else its
// newest (CURRENT_FIRST); its judge verdict and scores are that judgement's, and its
// effective verdict is the human verdict where there is one, else the judge's (reviews.ts
// writes the human side).

// The active judge: the newest JudgeActivation's, null when none was made active.
export const ACTIVE_JUDGE = `(SELECT a."judge" FROM "JudgeActivation" a ORDER BY a."id" DESC LIMIT 1)`;

// An edit's judgements (alias j), its current one first.
export const CURRENT_FIRST = `(j."judge" IS NOT DISTINCT FROM ${ACTIVE_JUDGE}) DESC, j."createdAt" DESC, j."id" DESC`;

export type Verdict = "PASS" | "FAIL";

export const verdictOf = (passed: boolean | null): Verdict | null =>
  passed === null ? null : passed ? "PASS" : "FAIL";

export const effectiveVerdict = (human: Verdict | null, judge: Verdict | null): Verdict | null => human ?? judge;

// The release's own verdicts, for edits the import has just written (with judgeVerdict,
// effectiveVerdict and judgementId, the id given here, in the same COPY): one judgement
// each, without scores.
export async function writeReleaseJudgements(
  client: pg.ClientBase,
  judge: string,
  judgements: { id: number; editId: number; passed: boolean }[],
): Promise<void> {
  await copyRows(
    client,
    "Judgement",
    ["id", "editId", "judge", "passed"],
    judgements.map((judgement) => [judgement.id, judgement.editId, judge, judgement.passed]),
  );
}

// Writes the judgements of a staging table (columns line, output_uri, judge, the four
// criteria, overall, passed, rationale) for the edits whose output image it names, makes
// each touched edit's newest judgement its own, and derives the pairs of their tasks
// again. A judge's second judgement of an edit replaces its first; within the table the
// last line wins. Returns the lines that changed a judgement, with their edit.
export async function recordJudgements(
  client: pg.ClientBase,
  stage: string,
  importBatchId: number,
): Promise<{ line: number; editId: number }[]> {
  const { rows: changed } = await client.query<{ line: number; editId: number }>(
    `WITH target AS (
       SELECT DISTINCT ON (e."id", s.judge) e."id" AS edit_id, s.*
       FROM ${stage} s JOIN "Image" i ON i."uri" = s.output_uri JOIN "Edit" e ON e."outputImageId" = i."id"
       ORDER BY e."id", s.judge, s.line DESC
     ), written AS (
       INSERT INTO "Judgement" ("editId", "judge", "compliance", "realism", "preservation", "technical", "overall", "passed", "rationale")
       SELECT edit_id, judge, compliance, realism, preservation, technical, overall, passed, rationale FROM target
       ON CONFLICT ("editId", "judge") DO UPDATE SET
         "compliance" = EXCLUDED."compliance", "realism" = EXCLUDED."realism", "preservation" = EXCLUDED."preservation",
         "technical" = EXCLUDED."technical", "overall" = EXCLUDED."overall", "passed" = EXCLUDED."passed",
         "rationale" = EXCLUDED."rationale", "createdAt" = now()
       WHERE ("Judgement"."compliance", "Judgement"."realism", "Judgement"."preservation", "Judgement"."technical", "Judgement"."rationale")
             IS DISTINCT FROM (EXCLUDED."compliance", EXCLUDED."realism", EXCLUDED."preservation", EXCLUDED."technical", EXCLUDED."rationale")
       RETURNING "editId"
     )
     SELECT t.line, t.edit_id AS "editId" FROM written w JOIN target t ON t.edit_id = w."editId"`,
  );
  await makeCurrent(client, [...new Set(changed.map((row) => row.editId))], { importBatchId });
  return changed;
}

// Points these edits at their current judgement, copies its verdict and scores, and derives
// the pairs of their tasks again: for the writers of judgements, in their transaction,
// after the judgements are written, and for a new active judge.
export async function makeCurrent(client: pg.ClientBase, editIds: number[], cause: PairCause): Promise<void> {
  if (editIds.length === 0) return;
  const taskIds = await lockTasksOfEdits(client, editIds);
  await client.query(
    `UPDATE "Edit" e SET
       "judgementId" = j."id",
       "judgeVerdict" = CASE WHEN j."passed" THEN 'PASS' ELSE 'FAIL' END::"Verdict",
       "overall" = j."overall",
       "compliance" = j."compliance", "realism" = j."realism", "preservation" = j."preservation", "technical" = j."technical",
       "effectiveVerdict" = COALESCE(e."humanVerdict", CASE WHEN j."passed" THEN 'PASS' ELSE 'FAIL' END::"Verdict")
     FROM (SELECT DISTINCT ON (j."editId") j."id", j."editId", j."passed", j."overall", j."compliance", j."realism",
                  j."preservation", j."technical"
           FROM "Judgement" j WHERE j."editId" = ANY($1::int[]) ORDER BY j."editId", ${CURRENT_FIRST}) j
     WHERE e."id" = j."editId"`,
    [editIds],
  );
  await syncPairs(client, taskIds, cause);
}
