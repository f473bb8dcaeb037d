// Rules of the data that tests check on whole tables, one query each: a query returns
// the rows that break its rule, so a test expects none.

// Every edit names its newest judgement as its current one (Edit.judgementId), or none
// when it has no judgement.
export const EDITS_OFF_THEIR_NEWEST_JUDGEMENT = `
  SELECT e."id", e."judgementId" FROM "Edit" e
  WHERE e."judgementId" IS DISTINCT FROM (
    SELECT j."id" FROM "Judgement" j WHERE j."editId" = e."id" ORDER BY j."createdAt" DESC, j."id" DESC LIMIT 1)`;
