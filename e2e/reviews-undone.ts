import { execute } from "./database";
import { test as base } from "./fixtures";

// For specs that review: reviews are append-only, so the database cannot take them back
// the way the app would. Before the test, the tables a review changes are copied into a
// schema of their own (outside "public", which leavesDatabaseAsFound digests); after it,
// the append-only trigger is lifted for the test's reviews only, and the copies are put
// back, so that the next spec finds the demo as it was.
const SAVE = `
  DROP SCHEMA IF EXISTS e2e_saved CASCADE;
  CREATE SCHEMA e2e_saved;
  CREATE TABLE e2e_saved.pairs AS SELECT * FROM "PreferencePair";
  CREATE TABLE e2e_saved.verdicts AS SELECT "id", "humanVerdict", "effectiveVerdict" FROM "Edit";
  CREATE TABLE e2e_saved.claims AS SELECT * FROM "ReviewClaim";
  CREATE TABLE e2e_saved.marks AS SELECT
    (SELECT coalesce(max("id"), 0) FROM "Review") AS review,
    (SELECT coalesce(max("id"), 0) FROM "PairChange") AS pair_change,
    (SELECT coalesce(max("id"), 0) FROM "ReviewBatch") AS batch;`;

const RESTORE = `
  DELETE FROM "PairChange" WHERE "id" > (SELECT pair_change FROM e2e_saved.marks);
  ALTER TABLE "Review" DISABLE TRIGGER "review_append_only";
  DELETE FROM "Review" WHERE "id" > (SELECT review FROM e2e_saved.marks);
  ALTER TABLE "Review" ENABLE TRIGGER "review_append_only";
  DELETE FROM "ReviewBatch" WHERE "id" > (SELECT batch FROM e2e_saved.marks);
  UPDATE "Edit" e SET "humanVerdict" = s."humanVerdict", "effectiveVerdict" = s."effectiveVerdict"
  FROM e2e_saved.verdicts s
  WHERE s."id" = e."id" AND (e."humanVerdict", e."effectiveVerdict") IS DISTINCT FROM (s."humanVerdict", s."effectiveVerdict");
  DELETE FROM "PreferencePair";
  INSERT INTO "PreferencePair" SELECT * FROM e2e_saved.pairs;
  DELETE FROM "ReviewClaim";
  INSERT INTO "ReviewClaim" SELECT * FROM e2e_saved.claims;
  DROP SCHEMA e2e_saved CASCADE;`;

export const test = base.extend<{ reviewsUndone: void }>({
  reviewsUndone: [
    async ({ leavesDatabaseAsFound: _checkedAfterwards }, use) => {
      await execute(SAVE);
      await use();
      await execute(RESTORE);
    },
    { auto: true },
  ],
});
export { expect } from "./fixtures";
