-- The edits changed, by transaction, for the app's in-memory copy of the gallery's columns
-- (lib/data/edit-index.ts). Statement triggers on "Edit" log the ids of the rows a statement
-- wrote and on "TaskSearch" those of the changed tasks' edits, with the writing
-- transaction's id; a statement of more than 1,000 rows (an import's chunk) logs one row
-- with no id, which asks for a full reload instead of 10,000 single ones. Each logging
-- statement sends NOTIFY pico_changes 'GalleryChange' at commit. A reader remembers the
-- oldest transaction still running when it last read (its snapshot's xmin) and next reads
-- the rows of transactions from there on: every write that committed since is among them.
CREATE TABLE "GalleryChange" (
    "id" BIGSERIAL NOT NULL,
    "xid" BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    "editId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GalleryChange_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "GalleryChange_xid_idx" ON "GalleryChange"("xid");
CREATE INDEX "GalleryChange_createdAt_idx" ON "GalleryChange"("createdAt");

CREATE FUNCTION "gallery_change_log"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  changed INTEGER[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    changed := NULL;
  ELSIF TG_TABLE_NAME = 'Task' THEN
    SELECT array_agg(e."id") INTO changed FROM "Edit" e
    WHERE e."taskId" IN (SELECT n."id" FROM new_rows n JOIN old_rows o ON o."id" = n."id"
                         WHERE n."shortInstruction" IS DISTINCT FROM o."shortInstruction");
    IF changed IS NULL THEN RETURN NULL; END IF;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg("id") INTO changed FROM old_rows;
    IF changed IS NULL THEN RETURN NULL; END IF;
  ELSE
    SELECT array_agg("id") INTO changed FROM new_rows;
    IF changed IS NULL THEN RETURN NULL; END IF;
  END IF;
  IF changed IS NULL OR cardinality(changed) > 1000 THEN
    INSERT INTO "GalleryChange" ("editId") VALUES (NULL);
  ELSE
    INSERT INTO "GalleryChange" ("editId") SELECT DISTINCT unnest(changed);
  END IF;
  PERFORM pg_notify('pico_changes', 'GalleryChange');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "edit_gallery_change_insert" AFTER INSERT ON "Edit"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "gallery_change_log"();
CREATE TRIGGER "edit_gallery_change_update" AFTER UPDATE ON "Edit"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "gallery_change_log"();
CREATE TRIGGER "edit_gallery_change_delete" AFTER DELETE ON "Edit"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "gallery_change_log"();
CREATE TRIGGER "edit_gallery_change_truncate" AFTER TRUNCATE ON "Edit"
  FOR EACH STATEMENT EXECUTE FUNCTION "gallery_change_log"();
-- A task's new instruction (TaskSearch follows it): its edits. A new task has none yet
-- (its edits are written after it), and a task is deleted only after its edits, which log
-- themselves.
CREATE TRIGGER "task_gallery_change_update" AFTER UPDATE ON "Task"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "gallery_change_log"();
