-- CreateEnum
CREATE TYPE "Role" AS ENUM ('VIEWER', 'ANNOTATOR', 'ADMIN');

-- CreateEnum
CREATE TYPE "Verdict" AS ENUM ('PASS', 'FAIL');

-- CreateEnum
CREATE TYPE "EditOrigin" AS ENUM ('SFT', 'PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED', 'MULTI_TURN');

-- CreateEnum
CREATE TYPE "ImageStatus" AS ENUM ('NOT_CHECKED', 'OK', 'MISSING');

-- CreateEnum
CREATE TYPE "PairProvenance" AS ENUM ('JUDGE', 'HUMAN');

-- CreateEnum
CREATE TYPE "BatchKind" AS ENUM ('SFT', 'PREFERENCE', 'MULTI_TURN', 'SCORES', 'DEMO');

-- CreateEnum
CREATE TYPE "JobStatus" AS ENUM ('RUNNING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "ExportFormat" AS ENUM ('SFT_JSONL', 'PREFERENCE_JSONL', 'MULTI_TURN_JSONL', 'CSV', 'PARQUET');

-- CreateTable
CREATE TABLE "Category" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "Category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EditType" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "categoryId" INTEGER NOT NULL,
    "paperSftCount" INTEGER,
    "paperSuccessRate" DOUBLE PRECISION,

    CONSTRAINT "EditType_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Image" (
    "id" SERIAL NOT NULL,
    "uri" TEXT NOT NULL,
    "width" INTEGER,
    "height" INTEGER,
    "sha256" TEXT,
    "status" "ImageStatus" NOT NULL DEFAULT 'NOT_CHECKED',
    "checkedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" SERIAL NOT NULL,
    "sourceImageId" INTEGER NOT NULL,
    "longInstruction" TEXT NOT NULL,
    "shortInstruction" TEXT NOT NULL,
    "instructionHash" TEXT NOT NULL,
    "editTypeId" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Edit" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "outputImageId" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "origin" "EditOrigin" NOT NULL,
    "importBatchId" INTEGER,
    "sourceLine" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editTypeId" INTEGER,
    "judgeVerdict" "Verdict",
    "overall" DOUBLE PRECISION,
    "humanVerdict" "Verdict",
    "effectiveVerdict" "Verdict",

    CONSTRAINT "Edit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Judgement" (
    "id" SERIAL NOT NULL,
    "editId" INTEGER NOT NULL,
    "judge" TEXT NOT NULL,
    "compliance" DOUBLE PRECISION,
    "realism" DOUBLE PRECISION,
    "preservation" DOUBLE PRECISION,
    "technical" DOUBLE PRECISION,
    "overall" DOUBLE PRECISION,
    "passed" BOOLEAN NOT NULL,
    "rationale" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Judgement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Review" (
    "id" SERIAL NOT NULL,
    "editId" INTEGER NOT NULL,
    "reviewerId" INTEGER NOT NULL,
    "verdict" "Verdict" NOT NULL,
    "compliance" DOUBLE PRECISION,
    "realism" DOUBLE PRECISION,
    "preservation" DOUBLE PRECISION,
    "technical" DOUBLE PRECISION,
    "note" TEXT,
    "previousVerdict" "Verdict",
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Review_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PreferencePair" (
    "id" SERIAL NOT NULL,
    "taskId" INTEGER NOT NULL,
    "chosenEditId" INTEGER NOT NULL,
    "rejectedEditId" INTEGER NOT NULL,
    "provenance" "PairProvenance" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PreferencePair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Sequence" (
    "id" SERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "originalImageId" INTEGER NOT NULL,
    "importBatchId" INTEGER,
    "sourceLine" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Sequence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SequenceTurn" (
    "sequenceId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "editId" INTEGER NOT NULL,

    CONSTRAINT "SequenceTurn_pkey" PRIMARY KEY ("sequenceId","position")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'VIEWER',
    "passwordHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportBatch" (
    "id" SERIAL NOT NULL,
    "kind" "BatchKind" NOT NULL,
    "source" TEXT NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'RUNNING',
    "linesRead" INTEGER NOT NULL DEFAULT 0,
    "recordsNew" INTEGER NOT NULL DEFAULT 0,
    "recordsExisting" INTEGER NOT NULL DEFAULT 0,
    "recordsRejected" INTEGER NOT NULL DEFAULT 0,
    "createdById" INTEGER,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImportError" (
    "id" SERIAL NOT NULL,
    "batchId" INTEGER NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "excerpt" TEXT,

    CONSTRAINT "ImportError_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExportJob" (
    "id" SERIAL NOT NULL,
    "format" "ExportFormat" NOT NULL,
    "filter" JSONB NOT NULL,
    "status" "JobStatus" NOT NULL DEFAULT 'RUNNING',
    "rowCount" INTEGER,
    "sha256" TEXT,
    "path" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ExportJob_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedView" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedView_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Category_name_key" ON "Category"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Category_position_key" ON "Category"("position");

-- CreateIndex
CREATE UNIQUE INDEX "EditType_name_key" ON "EditType"("name");

-- CreateIndex
CREATE UNIQUE INDEX "EditType_position_key" ON "EditType"("position");

-- CreateIndex
CREATE INDEX "EditType_categoryId_idx" ON "EditType"("categoryId");

-- CreateIndex
CREATE UNIQUE INDEX "Image_uri_key" ON "Image"("uri");

-- CreateIndex
CREATE INDEX "Task_editTypeId_idx" ON "Task"("editTypeId");

-- CreateIndex
CREATE UNIQUE INDEX "Task_sourceImageId_instructionHash_key" ON "Task"("sourceImageId", "instructionHash");

-- CreateIndex
CREATE INDEX "Edit_editTypeId_id_idx" ON "Edit"("editTypeId", "id");

-- CreateIndex
CREATE INDEX "Edit_effectiveVerdict_id_idx" ON "Edit"("effectiveVerdict", "id");

-- CreateIndex
CREATE INDEX "Edit_overall_id_idx" ON "Edit"("overall", "id");

-- CreateIndex
CREATE INDEX "Edit_origin_id_idx" ON "Edit"("origin", "id");

-- CreateIndex
CREATE INDEX "Edit_outputImageId_idx" ON "Edit"("outputImageId");

-- CreateIndex
CREATE INDEX "Edit_importBatchId_idx" ON "Edit"("importBatchId");

-- CreateIndex
CREATE UNIQUE INDEX "Edit_taskId_outputImageId_key" ON "Edit"("taskId", "outputImageId");

-- CreateIndex
CREATE UNIQUE INDEX "Judgement_editId_judge_key" ON "Judgement"("editId", "judge");

-- CreateIndex
CREATE INDEX "Review_editId_createdAt_idx" ON "Review"("editId", "createdAt");

-- CreateIndex
CREATE INDEX "Review_reviewerId_createdAt_idx" ON "Review"("reviewerId", "createdAt");

-- CreateIndex
CREATE INDEX "PreferencePair_taskId_idx" ON "PreferencePair"("taskId");

-- CreateIndex
CREATE INDEX "PreferencePair_rejectedEditId_idx" ON "PreferencePair"("rejectedEditId");

-- CreateIndex
CREATE UNIQUE INDEX "PreferencePair_chosenEditId_rejectedEditId_key" ON "PreferencePair"("chosenEditId", "rejectedEditId");

-- CreateIndex
CREATE UNIQUE INDEX "Sequence_key_key" ON "Sequence"("key");

-- CreateIndex
CREATE INDEX "Sequence_originalImageId_idx" ON "Sequence"("originalImageId");

-- CreateIndex
CREATE UNIQUE INDEX "SequenceTurn_editId_key" ON "SequenceTurn"("editId");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "ImportBatch_startedAt_idx" ON "ImportBatch"("startedAt");

-- CreateIndex
CREATE INDEX "ImportError_batchId_line_idx" ON "ImportError"("batchId", "line");

-- CreateIndex
CREATE UNIQUE INDEX "SavedView_ownerId_name_key" ON "SavedView"("ownerId", "name");

-- AddForeignKey
ALTER TABLE "EditType" ADD CONSTRAINT "EditType_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "Category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_sourceImageId_fkey" FOREIGN KEY ("sourceImageId") REFERENCES "Image"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_editTypeId_fkey" FOREIGN KEY ("editTypeId") REFERENCES "EditType"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Edit" ADD CONSTRAINT "Edit_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Edit" ADD CONSTRAINT "Edit_outputImageId_fkey" FOREIGN KEY ("outputImageId") REFERENCES "Image"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Edit" ADD CONSTRAINT "Edit_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Edit" ADD CONSTRAINT "Edit_editTypeId_fkey" FOREIGN KEY ("editTypeId") REFERENCES "EditType"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judgement" ADD CONSTRAINT "Judgement_editId_fkey" FOREIGN KEY ("editId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_editId_fkey" FOREIGN KEY ("editId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Review" ADD CONSTRAINT "Review_reviewerId_fkey" FOREIGN KEY ("reviewerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PreferencePair" ADD CONSTRAINT "PreferencePair_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PreferencePair" ADD CONSTRAINT "PreferencePair_chosenEditId_fkey" FOREIGN KEY ("chosenEditId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PreferencePair" ADD CONSTRAINT "PreferencePair_rejectedEditId_fkey" FOREIGN KEY ("rejectedEditId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sequence" ADD CONSTRAINT "Sequence_originalImageId_fkey" FOREIGN KEY ("originalImageId") REFERENCES "Image"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Sequence" ADD CONSTRAINT "Sequence_importBatchId_fkey" FOREIGN KEY ("importBatchId") REFERENCES "ImportBatch"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SequenceTurn" ADD CONSTRAINT "SequenceTurn_sequenceId_fkey" FOREIGN KEY ("sequenceId") REFERENCES "Sequence"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SequenceTurn" ADD CONSTRAINT "SequenceTurn_editId_fkey" FOREIGN KEY ("editId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportBatch" ADD CONSTRAINT "ImportBatch_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportError" ADD CONSTRAINT "ImportError_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "ImportBatch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExportJob" ADD CONSTRAINT "ExportJob_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedView" ADD CONSTRAINT "SavedView_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
