import { CURRENT_FIRST } from "../curation/judgements";

// Rules of the data that tests check on whole tables, one query each: a query returns
// the rows that break its rule, so a test expects none.

// Every edit names its current judgement (Edit.judgementId: the active judge's, else the
// newest), or none when it has no judgement, and carries that judgement's verdict and
// overall.
export const EDITS_OFF_THEIR_CURRENT_JUDGEMENT = `
  SELECT e."id", e."judgementId" FROM "Edit" e
  LEFT JOIN "Judgement" c ON c."id" = e."judgementId"
  WHERE e."judgementId" IS DISTINCT FROM (
      SELECT j."id" FROM "Judgement" j WHERE j."editId" = e."id" ORDER BY ${CURRENT_FIRST} LIMIT 1)
    OR e."judgeVerdict" IS DISTINCT FROM CASE WHEN c."passed" THEN 'PASS' WHEN NOT c."passed" THEN 'FAIL' END::"Verdict"
    OR e."overall" IS DISTINCT FROM c."overall"`;
