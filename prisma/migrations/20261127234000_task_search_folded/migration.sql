-- Search compares lowercased text with LIKE instead of the instruction with ILIKE. ILIKE
-- folds the case of every candidate the trigram index returns, each time: over the full
-- release, checking the 38.7K candidates of "snow" took 102 ms with ILIKE and 41 ms with
-- LIKE on text folded once, when it is written.

-- DropIndex
DROP INDEX "TaskSearch_shortInstruction_idx";

ALTER TABLE "TaskSearch" RENAME COLUMN "shortInstruction" TO "folded";
UPDATE "TaskSearch" SET "folded" = lower("folded");

-- CreateIndex
CREATE INDEX "TaskSearch_folded_idx" ON "TaskSearch" USING GIN ("folded" gin_trgm_ops);
ALTER INDEX "TaskSearch_folded_idx" SET (gin_pending_list_limit = 32768);

CREATE OR REPLACE FUNCTION "task_search_copy"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "TaskSearch" ("taskId", "folded") SELECT "id", lower("shortInstruction") FROM new_rows;
  ELSIF TG_OP = 'UPDATE' THEN
    DELETE FROM "TaskSearch" WHERE "taskId" IN (SELECT "id" FROM old_rows);
    INSERT INTO "TaskSearch" ("taskId", "folded") SELECT "id", lower("shortInstruction") FROM new_rows;
  ELSE
    DELETE FROM "TaskSearch" WHERE "taskId" IN (SELECT "id" FROM old_rows);
  END IF;
  RETURN NULL;
END;
$$;
