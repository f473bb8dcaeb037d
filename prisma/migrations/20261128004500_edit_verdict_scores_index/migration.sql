-- A gallery page under a score range walks judged edits per verdict in id order and keeps
-- those in the range. When one verdict has none in it (no passed edit has compliance
-- <= 0.5, no failed one has overall >= 0.9) the walk reads every edit of that verdict:
-- 297K heap rows for "compliance <= 0.5", 43-63 ms over the full release. With the scores
-- in the index the walk never leaves it: 17-24 ms. The scores are key columns, not
-- INCLUDE, because Prisma reads INCLUDE columns as keys (prisma/orm#8584); after the
-- unique id they do not change the order. The index replaces (judgeVerdict, id).

-- DropIndex
DROP INDEX "Edit_judgeVerdict_id_idx";

-- CreateIndex
CREATE INDEX "Edit_verdict_scores_idx" ON "Edit"("judgeVerdict", "id", "overall", "compliance", "realism", "preservation", "technical");
