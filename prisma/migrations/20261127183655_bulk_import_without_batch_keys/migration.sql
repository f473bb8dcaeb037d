-- DropForeignKey
ALTER TABLE "Edit" DROP CONSTRAINT "Edit_editTypeId_fkey";

-- DropForeignKey
ALTER TABLE "Edit" DROP CONSTRAINT "Edit_importBatchId_fkey";

-- DropForeignKey
ALTER TABLE "Sequence" DROP CONSTRAINT "Sequence_importBatchId_fkey";
