import { execute, queryOne } from "./database";
import { test as base } from "./fixtures";

// For specs that run judges or change the active judge: a run's judgements become their
// edits' current ones, which changes verdicts, scores and preference pairs, and so does a
// new active judge. Before the test, what they change is copied into a schema of its own
// (outside "public", which leavesDatabaseAsFound digests); after it, the test's runs and
// activations are let finish, then their rows go and the copies are put back, so that the
// next spec finds the demo as it was.
const SAVE = `
  DROP SCHEMA IF EXISTS e2e_judges_saved CASCADE;
  CREATE SCHEMA e2e_judges_saved;
  CREATE TABLE e2e_judges_saved.pairs AS SELECT * FROM "PreferencePair";
  CREATE TABLE e2e_judges_saved.edits AS SELECT "id", "judgementId", "judgeVerdict", "overall", "compliance", "realism",
    "preservation", "technical", "effectiveVerdict" FROM "Edit";
  CREATE TABLE e2e_judges_saved.marks AS SELECT
    (SELECT coalesce(max("id"), 0) FROM "JudgeRun") AS run,
    (SELECT coalesce(max("id"), 0) FROM "Judgement") AS judgement,
    (SELECT coalesce(max("id"), 0) FROM "PairChange") AS pair_change,
    (SELECT coalesce(max("id"), 0) FROM "JudgeActivation") AS activation;`;

const RESTORE = `
  DELETE FROM "PairChange" WHERE "id" > (SELECT pair_change FROM e2e_judges_saved.marks);
  DELETE FROM "JudgeFailure" WHERE "runId" > (SELECT run FROM e2e_judges_saved.marks);
  UPDATE "Edit" e SET "judgementId" = s."judgementId", "judgeVerdict" = s."judgeVerdict", "overall" = s."overall",
    "compliance" = s."compliance", "realism" = s."realism", "preservation" = s."preservation",
    "technical" = s."technical", "effectiveVerdict" = s."effectiveVerdict"
  FROM e2e_judges_saved.edits s
  WHERE s."id" = e."id" AND (e."judgementId", e."judgeVerdict", e."overall", e."compliance", e."realism", e."preservation",
    e."technical", e."effectiveVerdict") IS DISTINCT FROM (s."judgementId", s."judgeVerdict", s."overall", s."compliance",
    s."realism", s."preservation", s."technical", s."effectiveVerdict");
  DELETE FROM "Judgement" WHERE "id" > (SELECT judgement FROM e2e_judges_saved.marks);
  DELETE FROM "JudgeRun" WHERE "id" > (SELECT run FROM e2e_judges_saved.marks);
  DELETE FROM "JudgeActivation" WHERE "id" > (SELECT activation FROM e2e_judges_saved.marks);
  DELETE FROM "PreferencePair";
  INSERT INTO "PreferencePair" SELECT * FROM e2e_judges_saved.pairs;
  DROP SCHEMA e2e_judges_saved CASCADE;`;

// A cancelled run stops at its next write, an activation when it has derived its edits
// again; their finishedAt says they have.
const UNFINISHED = `SELECT (
    (SELECT count(*) FROM "JudgeRun" WHERE "id" > (SELECT run FROM e2e_judges_saved.marks) AND "finishedAt" IS NULL)
  + (SELECT count(*) FROM "JudgeActivation" WHERE "id" > (SELECT activation FROM e2e_judges_saved.marks) AND "finishedAt" IS NULL))::int
  AS n`;
const STOP_WITHIN_MS = 30_000;

// As the cancel route does: a queued run ends at once, a running one at its next write.
// Activations run to their end.
async function stopRuns(): Promise<void> {
  await execute(`UPDATE "JudgeRun" SET "status" = 'CANCELLED', "error" = 'stopped after the e2e test',
      "finishedAt" = CASE WHEN "status" = 'QUEUED' THEN now() ELSE "finishedAt" END
    WHERE "id" > (SELECT run FROM e2e_judges_saved.marks) AND "status" IN ('QUEUED', 'RUNNING')`);
  const deadline = Date.now() + STOP_WITHIN_MS;
  while ((await queryOne<{ n: number }>(UNFINISHED)).n > 0) {
    if (Date.now() > deadline)
      throw new Error(`the test's judge runs or activations did not end within ${STOP_WITHIN_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export const test = base.extend<{ judgeRunsUndone: void }>({
  judgeRunsUndone: [
    async ({ leavesDatabaseAsFound: _checkedAfterwards }, use) => {
      await execute(SAVE);
      await use();
      await stopRuns();
      await execute(RESTORE);
    },
    { auto: true },
  ],
});
export { expect } from "./fixtures";
