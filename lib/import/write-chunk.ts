import type pg from "pg";

import { columns, insertRows } from "../database/bulk";
import { syncPreferencePairs } from "../database/preference-pairs";
import { RELEASE_JUDGE, type StageRow } from "./stage";

// Writes one chunk of staged rows with a handful of set-based statements: the rows go
// into a temporary table in one unnest, then Postgres joins them into images, tasks,
// edits, judgements, pairs and sequences. Every insert skips what exists already, so a
// chunk written twice (a re-run, or a run after a crash) adds nothing the second time.
// The caller holds the transaction: a chunk is all there or not at all.

const STAGE_COLUMNS = columns(
  "line:int",
  "source_uri:text",
  "source_local:text",
  "long:text",
  "short:text",
  "task_hash:text",
  "edit_type:text",
  "output_uri:text",
  "attempt:int",
  'origin:"EditOrigin"',
  "passed:bool",
  "sequence_key:text",
  "sequence_original:text",
  "turn:int",
);

export async function prepareStage(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS import_stage (
    line int, source_uri text, source_local text, long text, short text, task_hash text, edit_type text,
    output_uri text, attempt int, origin "EditOrigin", passed bool, sequence_key text, sequence_original text, turn int
  ) ON COMMIT DELETE ROWS`);
}

export type ChunkResult = { newLines: Set<number> };

export async function writeChunk(client: pg.ClientBase, rows: StageRow[], batchId: number): Promise<ChunkResult> {
  await insertRows(
    client,
    "import_stage",
    STAGE_COLUMNS,
    rows.map((r) => [r.line, r.sourceUri, r.sourceLocal, r.long, r.short, r.taskHash, r.editType, r.outputUri, r.attempt, r.origin, r.passed, r.sequenceKey, r.sequenceOriginal, r.turn]),
    rows.length,
  );
  await client.query(`ANALYZE import_stage`);

  await client.query(`
    INSERT INTO "Image" ("uri")
    SELECT uri FROM (SELECT source_uri AS uri FROM import_stage UNION SELECT output_uri FROM import_stage) AS uris
    ORDER BY uri
    ON CONFLICT ("uri") DO NOTHING`);
  await client.query(`
    UPDATE "Image" AS i SET "localPath" = s.source_local
    FROM (SELECT DISTINCT ON (source_uri) source_uri, source_local FROM import_stage WHERE source_local IS NOT NULL) AS s
    WHERE i."uri" = s.source_uri AND i."localPath" IS DISTINCT FROM s.source_local`);

  await client.query(`
    INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash", "editTypeId")
    SELECT source_id, long, short, task_hash, edit_type_id FROM (
      SELECT DISTINCT ON (src."id", s.task_hash) src."id" AS source_id, s.long, s.short, s.task_hash, t."id" AS edit_type_id, s.line, s.turn
      FROM import_stage s
      JOIN "Image" src ON src."uri" = s.source_uri
      LEFT JOIN "EditType" t ON t."name" = s.edit_type
      ORDER BY src."id", s.task_hash, s.line, s.turn
    ) AS tasks
    ORDER BY line, turn
    ON CONFLICT ("sourceImageId", "instructionHash") DO NOTHING`);

  // Rows are inserted in file order, so ids follow the files. New edits come back with
  // their line and task; their judgements and the tasks' pairs follow.
  const { rows: inserted } = await client.query<{ line: number; task_id: number }>(
    `WITH staged AS (
       SELECT DISTINCT ON (task."id", out."id") s.*, task."id" AS task_id, task."editTypeId" AS edit_type_id, out."id" AS output_id
       FROM import_stage s
       JOIN "Image" src ON src."uri" = s.source_uri
       JOIN "Task" task ON task."sourceImageId" = src."id" AND task."instructionHash" = s.task_hash
       JOIN "Image" out ON out."uri" = s.output_uri
       ORDER BY task."id", out."id", s.line
     ), edits AS (
       INSERT INTO "Edit" ("taskId", "outputImageId", "attempt", "origin", "importBatchId", "sourceLine", "editTypeId", "judgeVerdict", "effectiveVerdict")
       SELECT task_id, output_id, attempt, origin, $1, line, edit_type_id,
              CASE passed WHEN true THEN 'PASS' WHEN false THEN 'FAIL' END::"Verdict",
              CASE passed WHEN true THEN 'PASS' WHEN false THEN 'FAIL' END::"Verdict"
       FROM staged
       ORDER BY line, turn
       ON CONFLICT ("taskId", "outputImageId") DO NOTHING
       RETURNING "id", "taskId", "sourceLine", "judgeVerdict"
     ), judged AS (
       INSERT INTO "Judgement" ("editId", "judge", "passed")
       SELECT "id", $2, "judgeVerdict" = 'PASS' FROM edits WHERE "judgeVerdict" IS NOT NULL
       RETURNING "editId"
     )
     SELECT "sourceLine" AS line, "taskId" AS task_id FROM edits`,
    [batchId, RELEASE_JUDGE],
  );

  const touchedTasks = [...new Set(inserted.map((row) => row.task_id))];
  await syncPreferencePairs(client, touchedTasks);

  await client.query(
    `INSERT INTO "Sequence" ("key", "originalImageId", "importBatchId", "sourceLine")
     SELECT sequence_key, original_id, $1, line FROM (
       SELECT DISTINCT ON (s.sequence_key) s.sequence_key, i."id" AS original_id, s.line
       FROM import_stage s JOIN "Image" i ON i."uri" = s.sequence_original
       WHERE s.sequence_key IS NOT NULL
       ORDER BY s.sequence_key, s.line
     ) AS sequences
     ORDER BY line
     ON CONFLICT ("key") DO NOTHING`,
    [batchId],
  );
  await client.query(`
    INSERT INTO "SequenceTurn" ("sequenceId", "position", "editId")
    SELECT q."id", s.turn, e."id"
    FROM import_stage s
    JOIN "Sequence" q ON q."key" = s.sequence_key
    JOIN "Image" src ON src."uri" = s.source_uri
    JOIN "Task" task ON task."sourceImageId" = src."id" AND task."instructionHash" = s.task_hash
    JOIN "Image" out ON out."uri" = s.output_uri
    JOIN "Edit" e ON e."taskId" = task."id" AND e."outputImageId" = out."id"
    WHERE s.sequence_key IS NOT NULL
    ON CONFLICT DO NOTHING`);

  return { newLines: new Set(inserted.map((row) => row.line)) };
}
