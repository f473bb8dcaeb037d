-- AlterTable
ALTER TABLE "PairChange" ADD COLUMN     "judgeActivationId" INTEGER;

-- CreateTable
CREATE TABLE "JudgeActivation" (
    "id" SERIAL NOT NULL,
    "judge" TEXT,
    "previous" TEXT,
    "status" "JudgeRunStatus" NOT NULL DEFAULT 'QUEUED',
    "total" INTEGER,
    "done" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdById" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "JudgeActivation_pkey" PRIMARY KEY ("id")
);

-- AddForeignKey
ALTER TABLE "JudgeActivation" ADD CONSTRAINT "JudgeActivation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
