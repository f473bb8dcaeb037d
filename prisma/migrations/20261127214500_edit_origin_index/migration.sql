-- Back from 20261127183005_drop_unused_indexes: a gallery page of one subset in id order
-- is read from (origin, id), one range per origin. Through the id index alone, the SFT
-- edits of the full release sat behind 380K newer preference and multi-turn edits: 33 ms
-- a page, against 2 ms now (npm run bench:browse).

-- CreateIndex
CREATE INDEX "Edit_origin_id_idx" ON "Edit"("origin", "id");
