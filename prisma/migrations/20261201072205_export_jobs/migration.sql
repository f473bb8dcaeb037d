-- CreateEnum
CREATE TYPE "ExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ExportVia" AS ENUM ('DOWNLOAD', 'JOB', 'CLI');

-- AlterEnum
ALTER TYPE "ExportFormat" ADD VALUE 'TABLE_JSONL';

-- AlterTable
ALTER TABLE "ExportJob" ADD COLUMN     "bytesWritten" BIGINT NOT NULL DEFAULT 0,
ADD COLUMN     "cancelledById" INTEGER,
ADD COLUMN     "deletedAt" TIMESTAMP(3),
ADD COLUMN     "deletedById" INTEGER,
ADD COLUMN     "error" TEXT,
ADD COLUMN     "heartbeatAt" TIMESTAMP(3),
ADD COLUMN     "manifest" JSONB,
ADD COLUMN     "options" JSONB NOT NULL DEFAULT '{}',
ADD COLUMN     "query" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "rowsTotal" INTEGER,
ADD COLUMN     "rowsWritten" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "startedAt" TIMESTAMP(3),
ADD COLUMN     "via" "ExportVia" NOT NULL DEFAULT 'JOB';

-- The status moves to an enum of its own, each row keeping its value (RUNNING, DONE and
-- FAILED exist in both).
ALTER TABLE "ExportJob" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "ExportJob" ALTER COLUMN "status" TYPE "ExportStatus" USING "status"::text::"ExportStatus";
ALTER TABLE "ExportJob" ALTER COLUMN "status" SET DEFAULT 'QUEUED';

-- CreateIndex
CREATE INDEX "ExportJob_createdAt_idx" ON "ExportJob"("createdAt");
