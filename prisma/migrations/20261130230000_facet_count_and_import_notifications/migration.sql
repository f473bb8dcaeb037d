-- Two more tables of the change feed (see 20261130190000_change_notifications):
-- "EditFacetCount", which the triggers on "Edit" keep and which every verdict change
-- reaches, so that the counts of all edits can be cached until they change; and
-- "ImportBatch", for the overview's last import.
CREATE TRIGGER "edit_facet_count_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "EditFacetCount"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
CREATE TRIGGER "import_batch_notify_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ImportBatch"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_change"();
