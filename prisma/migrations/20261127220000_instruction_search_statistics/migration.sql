-- The planner estimates how many short instructions contain a search text by trying it on
-- its sample of the column. With the default sample (30,000 rows) a rare phrase over the
-- full release matched a handful of rows or none from one ANALYZE to the next, and the
-- gallery's plan flipped between reading the trigram index first (35 ms) and walking
-- every edit newest first (290 ms). A ten times larger sample keeps the estimate steady.
ALTER TABLE "Task" ALTER COLUMN "shortInstruction" SET STATISTICS 1000;
