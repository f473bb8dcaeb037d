import type pg from "pg";

// The stored preference pairs of some tasks brought in line with their edits' effective
// verdicts (the rule of lib/curation/preference-pairs.ts, as SQL): pairs that no longer
// hold go (an edit whose verdict was taken back to none included: NOT of a NULL
// comparison would keep them), missing ones come, provenance follows the verdicts. Run in
// the transaction that changed the verdicts, so pairs are never stale.
export async function syncPreferencePairs(client: pg.ClientBase, taskIds: number[]): Promise<void> {
  if (taskIds.length === 0) return;
  await client.query(
    `DELETE FROM "PreferencePair" p USING "Edit" c, "Edit" r
     WHERE p."taskId" = ANY($1::int[]) AND c."id" = p."chosenEditId" AND r."id" = p."rejectedEditId"
       AND NOT COALESCE(c."effectiveVerdict" = 'PASS' AND r."effectiveVerdict" = 'FAIL', false)`,
    [taskIds],
  );
  await insertMissingPreferencePairs(client, taskIds);
}

// Adds the pairs of these tasks that are missing, and sets provenance where it changed:
// enough when verdicts were only added (an import), not changed.
export async function insertMissingPreferencePairs(client: pg.ClientBase, taskIds: number[]): Promise<void> {
  if (taskIds.length === 0) return;
  await client.query(
    `INSERT INTO "PreferencePair" ("taskId", "chosenEditId", "rejectedEditId", "provenance")
     SELECT c."taskId", c."id", r."id",
            CASE WHEN c."humanVerdict" IS NULL AND r."humanVerdict" IS NULL THEN 'JUDGE' ELSE 'HUMAN' END::"PairProvenance"
     FROM "Edit" c JOIN "Edit" r ON r."taskId" = c."taskId"
     WHERE c."taskId" = ANY($1::int[]) AND c."effectiveVerdict" = 'PASS' AND r."effectiveVerdict" = 'FAIL'
     ON CONFLICT ("chosenEditId", "rejectedEditId") DO UPDATE SET "provenance" = EXCLUDED."provenance"
     WHERE "PreferencePair"."provenance" IS DISTINCT FROM EXCLUDED."provenance"`,
    [taskIds],
  );
}
