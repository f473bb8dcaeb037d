-- Change-signal flags as facets with counts. Each edit carries its flags as bits in
-- "signalFlags" (1 no-op, 2 over-edit, 4 size changed, 8 image unavailable; null: not
-- measured), kept by triggers on "EditSignal", and EditFacetCount counts edits per flag
-- combination beside its other columns. The gallery's cube then counts flags as it counts
-- verdicts: from EditFacetCount for all edits, in the same GROUP BY otherwise, where a
-- probe of "EditSignal" per edit would cost an index lookup per counted row.

ALTER TABLE "Edit" ADD COLUMN "signalFlags" SMALLINT;

ALTER TABLE "EditFacetCount" DROP CONSTRAINT "EditFacetCount_pkey",
ADD COLUMN "flags" SMALLINT NOT NULL DEFAULT -1,
ADD CONSTRAINT "EditFacetCount_pkey" PRIMARY KEY ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin", "flags");

CREATE OR REPLACE FUNCTION "edit_facet_count_add"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO "EditFacetCount" AS c ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin", "flags", "count")
    SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
           COALESCE("effectiveVerdict"::text, 'none'),
           COALESCE(CASE WHEN "overall" IS NOT NULL THEN least(width_bucket("overall", 0, 1, 20), 20) END, 0),
           COALESCE("signalFlags", -1), -count(*)
    FROM old_rows GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin", "flags")
      DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO "EditFacetCount" AS c ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin", "flags", "count")
    SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
           COALESCE("effectiveVerdict"::text, 'none'),
           COALESCE(CASE WHEN "overall" IS NOT NULL THEN least(width_bucket("overall", 0, 1, 20), 20) END, 0),
           COALESCE("signalFlags", -1), count(*)
    FROM new_rows GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7
    ON CONFLICT ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin", "flags")
      DO UPDATE SET "count" = c."count" + EXCLUDED."count";
  END IF;
  RETURN NULL;
END;
$$;

-- The edits' rows are locked in id order first, so two writers of overlapping signals (or
-- a signals batch and a bulk review) wait for each other instead of deadlocking.
CREATE FUNCTION "edit_signal_flags_set"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM 1 FROM "Edit" WHERE "id" IN (SELECT "editId" FROM old_rows) ORDER BY "id" FOR NO KEY UPDATE;
    UPDATE "Edit" e SET "signalFlags" = NULL FROM old_rows o WHERE e."id" = o."editId" AND e."signalFlags" IS NOT NULL;
  ELSE
    PERFORM 1 FROM "Edit" WHERE "id" IN (SELECT "editId" FROM new_rows) ORDER BY "id" FOR NO KEY UPDATE;
    UPDATE "Edit" e SET "signalFlags" = f."bits"
    FROM (SELECT "editId", ("noOp"::int + 2 * "overEdit"::int + 4 * "sizeChanged"::int + 8 * (NOT "available")::int)::smallint AS "bits"
          FROM new_rows) f
    WHERE e."id" = f."editId" AND e."signalFlags" IS DISTINCT FROM f."bits";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "edit_signal_flags_insert" AFTER INSERT ON "EditSignal"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "edit_signal_flags_set"();
CREATE TRIGGER "edit_signal_flags_update" AFTER UPDATE ON "EditSignal"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "edit_signal_flags_set"();
CREATE TRIGGER "edit_signal_flags_delete" AFTER DELETE ON "EditSignal"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "edit_signal_flags_set"();

-- The signals there already are, then the counts again from the edits.
UPDATE "Edit" e SET "signalFlags" = ("noOp"::int + 2 * "overEdit"::int + 4 * "sizeChanged"::int + 8 * (NOT "available")::int)::smallint
FROM "EditSignal" s WHERE s."editId" = e."id";

DELETE FROM "EditFacetCount";
INSERT INTO "EditFacetCount" ("editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict", "bin", "flags", "count")
SELECT COALESCE("editTypeId", 0), "origin", COALESCE("judgeVerdict"::text, 'none'), COALESCE("humanVerdict"::text, 'none'),
       COALESCE("effectiveVerdict"::text, 'none'),
       COALESCE(CASE WHEN "overall" IS NOT NULL THEN least(width_bucket("overall", 0, 1, 20), 20) END, 0),
       COALESCE("signalFlags", -1), count(*)
FROM "Edit" GROUP BY 1, 2, 3, 4, 5, 6, 7;
