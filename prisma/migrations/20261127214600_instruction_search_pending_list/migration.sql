-- New instructions wait in the trigram index's pending list and are merged in bulk. A
-- 32 MB list (the default is 4 MB) merges about 8 times less often during a full import.
ALTER INDEX "Task_shortInstruction_idx" SET (gin_pending_list_limit = 32768);
