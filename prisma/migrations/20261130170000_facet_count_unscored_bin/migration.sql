-- Edits without an overall score were counted in the top bin of the overall histogram:
-- LEAST ignores NULLs, so least(width_bucket(NULL, 0, 1, 20), 20) is 20, and the COALESCE(..., 0)
-- around it never saw the NULL. The release carries no scores, so an imported release put every
-- edit at 0.95-1.0. Unscored edits now count in bin 0, as the column's comment says, with the
-- expression of lib/scoring/overall-bins.ts, and the counts are
-- recomputed from the edits.

CREATE OR REPLACE FUNCTION "edit_facet_count_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "EditFacetCount" AS c
    SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
           COALESCE("effectiveVerdict"::text, 'none'),
           COALESCE(CASE WHEN "overall" IS NOT NULL THEN least(width_bucket("overall", 0, 1, 20), 20) END, 0), -count(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "EditFacetCount" AS c
    SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
           COALESCE("effectiveVerdict"::text, 'none'),
           COALESCE(CASE WHEN "overall" IS NOT NULL THEN least(width_bucket("overall", 0, 1, 20), 20) END, 0), count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  END IF;
  RETURN NULL;
END;
$$;

-- The counts again, from the edits.
DELETE FROM "EditFacetCount";
INSERT INTO "EditFacetCount"
SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
       COALESCE("effectiveVerdict"::text, 'none'),
       COALESCE(CASE WHEN "overall" IS NOT NULL THEN least(width_bucket("overall", 0, 1, 20), 20) END, 0), count(*)
FROM "Edit" GROUP BY 1, 2, 3, 4, 5, 6;
