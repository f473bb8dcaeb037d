-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "localPath" TEXT;
