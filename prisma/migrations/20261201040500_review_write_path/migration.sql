-- A transaction that sets pico.defer_notify sends no change notification from its triggers:
-- it sends them itself once it has committed (lib/curation/transaction.ts). NOTIFY holds a
-- lock across the commit's WAL flush that every notifying transaction waits for, so 20
-- annotators' reviews, each notifying from its triggers, committed one at a time; a
-- notification sent after the commit, in a transaction of its own that does not wait for
-- the flush, holds that lock for microseconds (docs/performance.md, bench:review).
CREATE OR REPLACE FUNCTION "notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF current_setting('pico.defer_notify', true) = 'on' THEN
    RETURN NULL;
  END IF;
  PERFORM pg_notify('pico_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

-- The newest review of an edit (by id: the order of the review chain) is read on every
-- review; the index on (editId, createdAt) cannot give it without a sort.
DROP INDEX IF EXISTS "Review_editId_createdAt_idx";
CREATE INDEX IF NOT EXISTS "Review_editId_id_idx" ON "Review"("editId", "id");

-- The review queue reads each edit type from an annotator's point in id order, keeping
-- the edits that need a human (lib/curation/queue.ts). In the synthetic release 1 edit in
-- 50 does, so the read passed over 50 rows for each one it kept, each a heap page; from
-- this index alone it passes over them in a page or two. Only unreviewed judged edits are
-- in it: a review takes its edit out. The criteria are there so that no row is read to
-- test the band or a contradiction.
CREATE INDEX IF NOT EXISTS "Edit_review_queue_idx" ON "Edit" ("editTypeId", "id")
  INCLUDE ("overall", "judgeVerdict", "compliance", "realism", "preservation", "technical")
  WHERE "humanVerdict" IS NULL AND "judgeVerdict" IS NOT NULL;
