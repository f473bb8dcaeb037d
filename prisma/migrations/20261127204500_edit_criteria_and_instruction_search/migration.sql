-- The gallery filters and sorts on an edit's criteria, so they join its overall and
-- verdict on the Edit row (see schema.prisma), copied from the newest judgement.

-- AlterTable
ALTER TABLE "Edit" ADD COLUMN     "compliance" DOUBLE PRECISION,
ADD COLUMN     "preservation" DOUBLE PRECISION,
ADD COLUMN     "realism" DOUBLE PRECISION,
ADD COLUMN     "technical" DOUBLE PRECISION;

UPDATE "Edit" e SET
  "compliance" = j."compliance", "realism" = j."realism", "preservation" = j."preservation", "technical" = j."technical"
FROM (SELECT DISTINCT ON ("editId") "editId", "compliance", "realism", "preservation", "technical"
      FROM "Judgement" ORDER BY "editId", "createdAt" DESC, "id" DESC) j
WHERE e."id" = j."editId";

-- Trigram search in short instructions.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "Task_shortInstruction_idx" ON "Task" USING GIN ("shortInstruction" gin_trgm_ops);
