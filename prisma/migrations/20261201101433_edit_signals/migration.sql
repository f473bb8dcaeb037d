-- CreateTable
CREATE TABLE "EditSignal" (
    "editId" INTEGER NOT NULL,
    "available" BOOLEAN NOT NULL,
    "error" TEXT,
    "meanAbsDiff" DOUBLE PRECISION,
    "changedFraction" DOUBLE PRECISION,
    "ssim" DOUBLE PRECISION,
    "grid" DOUBLE PRECISION[],
    "sourceWidth" INTEGER,
    "sourceHeight" INTEGER,
    "outputWidth" INTEGER,
    "outputHeight" INTEGER,
    "noOp" BOOLEAN NOT NULL DEFAULT false,
    "overEdit" BOOLEAN NOT NULL DEFAULT false,
    "sizeChanged" BOOLEAN NOT NULL DEFAULT false,
    "computedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EditSignal_pkey" PRIMARY KEY ("editId")
);

-- AddForeignKey
ALTER TABLE "EditSignal" ADD CONSTRAINT "EditSignal_editId_fkey" FOREIGN KEY ("editId") REFERENCES "Edit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
