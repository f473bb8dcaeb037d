-- CreateEnum
CREATE TYPE "JudgeRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED');

-- AlterTable
ALTER TABLE "Judgement" ADD COLUMN     "completionTokens" INTEGER,
ADD COLUMN     "model" TEXT,
ADD COLUMN     "promptTokens" INTEGER,
ADD COLUMN     "rubricVersion" TEXT,
ADD COLUMN     "runId" INTEGER;

-- AlterTable
ALTER TABLE "PairChange" ADD COLUMN     "judgeRunId" INTEGER;

-- CreateTable
CREATE TABLE "JudgeRun" (
    "id" SERIAL NOT NULL,
    "judge" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "rubricVersion" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "query" TEXT NOT NULL DEFAULT '',
    "options" JSONB NOT NULL DEFAULT '{}',
    "status" "JudgeRunStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "judged" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" INTEGER,
    "cancelledById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JudgeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeFailure" (
    "id" SERIAL NOT NULL,
    "runId" INTEGER NOT NULL,
    "editId" INTEGER NOT NULL,
    "attempts" INTEGER NOT NULL,
    "error" TEXT NOT NULL,
    "response" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeFailure_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JudgeRun_createdAt_idx" ON "JudgeRun"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeFailure_runId_editId_key" ON "JudgeFailure"("runId", "editId");

-- AddForeignKey
ALTER TABLE "JudgeRun" ADD CONSTRAINT "JudgeRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeFailure" ADD CONSTRAINT "JudgeFailure_runId_fkey" FOREIGN KEY ("runId") REFERENCES "JudgeRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeFailure" ADD CONSTRAINT "JudgeFailure_editId_fkey" FOREIGN KEY ("editId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
