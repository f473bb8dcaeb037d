-- Facet counts under a text search join the matching tasks to their edits. With a common
-- word that is a tenth of the release, and the join read all of Edit's 101 MB: 140-190 ms
-- for "snow" over the full release. This index holds, by task, every column the counts
-- need, in 34 MB that an index-only scan reads instead: 95-140 ms. The id lets a search's
-- gallery page find its edits without visiting them either.

-- CreateIndex
CREATE INDEX "Edit_task_facets_idx" ON "Edit"("taskId", "editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "overall", "id");
