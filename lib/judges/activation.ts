import type pg from "pg";

import { ACTIVE_JUDGE, makeCurrent } from "../curation/judgements";
import { curationTransaction } from "../curation/transaction";

// A new active judge (lib/curation/judgements.ts): recorded at once, so every writer of
// judgements from then on follows it, then applied by a job to the edits the old or the new
// active judge judged, a chunk per transaction: their current judgement, verdicts and
// pairs derived again, the pair changes logged as the activation's.

const CHUNK = 500;

// unknown: no edit has a judgement by that judge; already: it is the active judge now.
export class ActivationError extends Error {
  constructor(
    readonly kind: "unknown" | "already",
    message: string,
  ) {
    super(message);
    this.name = "ActivationError";
  }
}

// Makes `judge` the active judge (null: each edit's newest judgement). Returns the
// activation to run. Two admins at once are taken one after the other.
export async function activateJudge(pool: pg.Pool, judge: string | null, userId: number | null): Promise<number> {
  return curationTransaction(pool, async (db) => {
    await db.query(`SELECT pg_advisory_xact_lock(hashtext('pico.judge-activation'))`);
    const { rows } = await db.query<{ active: string | null; judged: boolean }>(
      `SELECT ${ACTIVE_JUDGE} AS active, $1::text IS NULL OR EXISTS (SELECT 1 FROM "Judgement" WHERE "judge" = $1) AS judged`,
      [judge],
    );
    const { active, judged } = rows[0] as { active: string | null; judged: boolean };
    if (!judged) throw new ActivationError("unknown", `no edit has a judgement by "${judge}"`);
    if (active === judge)
      throw new ActivationError(
        "already",
        judge === null ? "no judge is active already" : `"${judge}" is the active judge already`,
      );
    const { rows: made } = await db.query<{ id: number }>(
      `INSERT INTO "JudgeActivation" ("judge", "previous", "createdById") VALUES ($1, $2, $3) RETURNING "id"`,
      [judge, active, userId],
    );
    return made[0]?.id as number;
  });
}

// Applies an activation, or again one that failed (the job queue retries it; deriving an
// edit again is idempotent): false when another worker has it, or it is done.
export async function runActivation(pool: pg.Pool, id: number): Promise<boolean> {
  const { rows } = await pool.query<{ judges: string[] }>(
    `UPDATE "JudgeActivation" SET "status" = 'RUNNING', "startedAt" = now(), "done" = 0, "error" = NULL
     WHERE "id" = $1 AND "status" IN ('QUEUED', 'FAILED')
     RETURNING array_remove(ARRAY["judge", "previous"], NULL) AS judges`,
    [id],
  );
  if (!rows[0]) return false;
  try {
    const { rows: edits } = await pool.query<{ editId: number }>(
      `SELECT DISTINCT "editId" FROM "Judgement" WHERE "judge" = ANY($1::text[]) ORDER BY "editId"`,
      [rows[0].judges],
    );
    await pool.query(`UPDATE "JudgeActivation" SET "total" = $2 WHERE "id" = $1`, [id, edits.length]);
    for (let start = 0; start < edits.length; start += CHUNK) {
      const chunk = edits.slice(start, start + CHUNK).map((edit) => edit.editId);
      await curationTransaction(pool, async (db) => {
        await makeCurrent(db, chunk, { judgeActivationId: id });
        await db.query(`UPDATE "JudgeActivation" SET "done" = "done" + $2 WHERE "id" = $1`, [id, chunk.length]);
      });
    }
    await pool.query(`UPDATE "JudgeActivation" SET "status" = 'DONE', "finishedAt" = now() WHERE "id" = $1`, [id]);
  } catch (error) {
    await pool.query(
      `UPDATE "JudgeActivation" SET "status" = 'FAILED', "error" = $2, "finishedAt" = now() WHERE "id" = $1`,
      [id, (error as Error).message],
    );
    throw error;
  }
  return true;
}
