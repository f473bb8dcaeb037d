-- Facet counts without a scan: every edit counted once in EditFacetCount under its facet
-- columns, kept exact by statement-level triggers on Edit. Each INSERT, UPDATE, DELETE or
-- TRUNCATE adds its rows' counts (or takes them away) in the same
-- statement, so the counts commit and roll back with the edits. A chunk of 10,000
-- imported edits costs one GROUP BY of its own rows.

-- CreateTable
CREATE TABLE "EditFacetCount" (
    "editTypeId" INTEGER NOT NULL,
    "origin" "EditOrigin" NOT NULL,
    "judgeVerdict" TEXT NOT NULL,
    "humanVerdict" TEXT NOT NULL,
    "effectiveVerdict" TEXT NOT NULL,
    "bin" INTEGER NOT NULL,
    "count" BIGINT NOT NULL,

    CONSTRAINT "EditFacetCount_pkey" PRIMARY KEY ("editTypeId","origin","judgeVerdict","humanVerdict","effectiveVerdict","bin")
);

-- Rows are upserted in key order, so two transactions changing the same counts wait for
-- each other instead of deadlocking.
CREATE FUNCTION "edit_facet_count_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "EditFacetCount" AS c
    SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
           COALESCE("effectiveVerdict"::text, 'none'), COALESCE(least(width_bucket("overall", 0, 1, 20), 20), 0), -count(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "EditFacetCount" AS c
    SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
           COALESCE("effectiveVerdict"::text, 'none'), COALESCE(least(width_bucket("overall", 0, 1, 20), 20), 0), count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
    ON CONFLICT ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin") DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "edit_facet_count_insert" AFTER INSERT ON "Edit"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "edit_facet_count_add"();
-- Every UPDATE: a trigger with transition tables cannot name columns. One that changes
-- no facet column takes away and adds back the same counts.
CREATE TRIGGER "edit_facet_count_update" AFTER UPDATE ON "Edit"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "edit_facet_count_add"();
CREATE TRIGGER "edit_facet_count_delete" AFTER DELETE ON "Edit"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "edit_facet_count_add"();

CREATE FUNCTION "edit_facet_count_clear"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "EditFacetCount";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "edit_facet_count_truncate" AFTER TRUNCATE ON "Edit"
  FOR EACH STATEMENT EXECUTE FUNCTION "edit_facet_count_clear"();

-- The edits there already are.
INSERT INTO "EditFacetCount"
SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
       COALESCE("effectiveVerdict"::text, 'none'), COALESCE(least(width_bucket("overall", 0, 1, 20), 20), 0), count(*)
FROM "Edit" GROUP BY 1, 2, 3, 4, 5, 6;
