-- The edit's current judgement, the one its judgeVerdict, overall and criteria copy (see
-- the schema's comment on Edit). Filled for existing edits from the newest judgement,
-- the rule that chose those columns until now.
ALTER TABLE "Edit" ADD COLUMN "judgementId" INTEGER;

UPDATE "Edit" e SET "judgementId" = j."id"
FROM (SELECT DISTINCT ON ("editId") "editId", "id" FROM "Judgement" ORDER BY "editId", "createdAt" DESC, "id" DESC) j
WHERE e."id" = j."editId";
