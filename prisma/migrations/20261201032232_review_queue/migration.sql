-- The review queue (lib/curation): reviews that name the version they follow, undo and
-- bulk verdicts, claims on queued edits, blind second reviews, and the log of pair changes.

-- CreateEnum
CREATE TYPE "PairChangeKind" AS ENUM ('ADDED', 'REMOVED');

-- AlterTable
ALTER TABLE "Review" ADD COLUMN     "batchId" INTEGER,
ADD COLUMN     "overall" DOUBLE PRECISION,
ADD COLUMN     "previousReviewId" INTEGER,
ADD COLUMN     "undoOfId" INTEGER,
ALTER COLUMN "verdict" DROP NOT NULL;

-- CreateTable
CREATE TABLE "ReviewBatch" (
    "id" SERIAL NOT NULL,
    "reviewerId" INTEGER NOT NULL,
    "verdict" "Verdict",
    "note" TEXT,
    "filter" JSONB,
    "editCount" INTEGER NOT NULL,
    "undoOfId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReviewClaim" (
    "editId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewClaim_pkey" PRIMARY KEY ("editId")
);

-- CreateTable
CREATE TABLE "ReviewAssignment" (
    "id" SERIAL NOT NULL,
    "editId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "assignedById" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReviewAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PairChange" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "chosenEditId" INTEGER NOT NULL,
    "rejectedEditId" INTEGER NOT NULL,
    "kind" "PairChangeKind" NOT NULL,
    "reviewId" INTEGER,
    "importBatchId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PairChange_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReviewBatch_undoOfId_key" ON "ReviewBatch"("undoOfId");

-- CreateIndex
CREATE INDEX "ReviewClaim_userId_expiresAt_idx" ON "ReviewClaim"("userId", "expiresAt");

-- CreateIndex
CREATE INDEX "ReviewAssignment_userId_idx" ON "ReviewAssignment"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ReviewAssignment_editId_userId_key" ON "ReviewAssignment"("editId", "userId");

-- CreateIndex
CREATE INDEX "PairChange_taskId_idx" ON "PairChange"("taskId");

-- CreateIndex
CREATE INDEX "PairChange_reviewId_idx" ON "PairChange"("reviewId");

-- CreateIndex
CREATE INDEX "PairChange_createdAt_idx" ON "PairChange"("createdAt");

-- CreateIndex
CREATE INDEX "Review_batchId_idx" ON "Review"("batchId");

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_previousReviewId_fkey" FOREIGN KEY ("previousReviewId") REFERENCES "Review"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_undoOfId_fkey" FOREIGN KEY ("undoOfId") REFERENCES "Review"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ReviewBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewBatch" ADD CONSTRAINT "ReviewBatch_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewBatch" ADD CONSTRAINT "ReviewBatch_undoOfId_fkey" FOREIGN KEY ("undoOfId") REFERENCES "ReviewBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewClaim" ADD CONSTRAINT "ReviewClaim_editId_fkey" FOREIGN KEY ("editId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewClaim" ADD CONSTRAINT "ReviewClaim_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_editId_fkey" FOREIGN KEY ("editId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReviewAssignment" ADD CONSTRAINT "ReviewAssignment_assignedById_fkey" FOREIGN KEY ("assignedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairChange" ADD CONSTRAINT "PairChange_reviewId_fkey" FOREIGN KEY ("reviewId") REFERENCES "Review"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Reviews written before this migration are chained in id order: filling the new column is
-- the one update the append-only trigger is lifted for.
ALTER TABLE "Review" DISABLE TRIGGER "review_append_only";
UPDATE "Review" r SET "previousReviewId" = p.previous
FROM (SELECT "id", lag("id") OVER (PARTITION BY "editId" ORDER BY "id") AS previous FROM "Review") p
WHERE p."id" = r."id" AND p.previous IS NOT NULL;
ALTER TABLE "Review" ENABLE TRIGGER "review_append_only";

-- A review follows one version of its edit: no two reviews follow the same review, and an
-- edit has one first review. Two annotators who saw the same version cannot both write:
-- the second fails here even if a bug let it past the lock in lib/curation.
CREATE UNIQUE INDEX "Review_previousReviewId_key" ON "Review"("previousReviewId");
CREATE UNIQUE INDEX "Review_first_per_edit_key" ON "Review"("editId") WHERE "previousReviewId" IS NULL;

-- Figures of the preference page are cached until pairs change (lib/data/changes.ts).
CREATE TRIGGER "pair_change_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PairChange"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
