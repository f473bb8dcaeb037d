-- Gallery pages in id order under a judge verdict or a score range walked the id index
-- past every unjudged edit first: over the full release the newest 253K edits are
-- multi-turn turns without scores, and "judge=pass" or "overall 0.6-0.7" took 50-60 ms
-- there. With this index a verdict's edits are read in id order; a score range reads
-- the pass and the fail edits so, one after the other, and merges them (splitOf in
-- lib/queries/gallery-sql.ts): 4-9 ms.

-- Scores come with a judgement, and a judgement always has a verdict: the filter relies
-- on it when it reads only judged edits for a score range, so the database holds it.
ALTER TABLE "Edit" ADD CONSTRAINT "Edit_scores_need_verdict" CHECK (
  "judgeVerdict" IS NOT NULL OR ("overall" IS NULL AND "compliance" IS NULL AND "realism" IS NULL AND "preservation" IS NULL AND "technical" IS NULL)
);

-- CreateIndex
CREATE INDEX "Edit_judgeVerdict_id_idx" ON "Edit"("judgeVerdict", "id");
