-- Change notifications: a transaction that writes one of these tables sends, when it
-- commits, NOTIFY pico_changes with the table's name (lib/data/changes.ts listens, and
-- drops the figures it cached from that table). Statement-level, so an import chunk of
-- 10,000 rows sends one notification, and PostgreSQL folds the repeats of a transaction
-- into one. A rolled-back transaction sends nothing.
CREATE FUNCTION "notify_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('pico_changes', TG_TABLE_NAME);
  RETURN NULL;
END;
$$;

CREATE TRIGGER "task_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Task"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "image_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Image"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "sequence_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Sequence"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "preference_pair_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PreferencePair"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "review_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Review"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "category_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Category"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "edit_type_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "EditType"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();

-- "Edit": its rows, and the columns figures are cached from (task, type, origin, the
-- judge's scores and verdict). A review changes only the human and effective verdicts,
-- which are read live from EditFacetCount, so it does not drop the cached scores.
CREATE TRIGGER "edit_notify_change" AFTER INSERT OR DELETE OR TRUNCATE ON "Edit"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "edit_scores_notify_change"
  AFTER UPDATE OF "taskId", "outputImageId", "origin", "editTypeId", "judgeVerdict", "overall", "compliance", "realism", "preservation", "technical" ON "Edit"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
