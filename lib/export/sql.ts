import { editFilterWhere, SUBSET_OF_EDIT } from "../sql/edit-filter";
import type { EditFilter } from "../schemas/edit-filter";
import type { ExportFormatName, ExportOptions } from "./formats";

// The SQL of every export: one statement per format whose rows are the file's lines, in a
// total order (edit, chosen edit or sequence id), so that the same filter on the same data
// gives the same bytes. The JSON lines are built by PostgreSQL (row_to_json keeps the
// columns' order as the keys' order), so that COPY streams them out at its own speed.

export type ExportQuery = { text: string; values: unknown[] };

// The flat table: one row per edit. Parquet types, for lib/export/parquet.ts.
export const TABLE_COLUMNS = [
  { name: "edit_id", type: "INT32", about: "the edit's id in this database" },
  { name: "task_id", type: "INT32", about: "its task: one source image and one instruction" },
  { name: "category", type: "STRING", about: "category of the edit type (null for multi-turn turns)" },
  { name: "edit_type", type: "STRING", about: "one of the 35 edit types (null for multi-turn turns)" },
  { name: "text", type: "STRING", about: "the long instruction" },
  { name: "summarized_text", type: "STRING", about: "the short instruction" },
  { name: "source_image", type: "STRING", about: "source image URL or path" },
  { name: "output_image", type: "STRING", about: "edited image path (relative to the release's base URL) or URL" },
  { name: "attempt", type: "INT32", about: "which attempt at the task this edit was" },
  { name: "subset", type: "STRING", about: "sft, preference or multi-turn" },
  { name: "origin", type: "STRING", about: "SFT, PREFERENCE_CHOSEN, PREFERENCE_REJECTED or MULTI_TURN" },
  { name: "compliance", type: "DOUBLE", about: "judge's instruction compliance, 0 to 1" },
  { name: "realism", type: "DOUBLE", about: "judge's editing realism, 0 to 1" },
  { name: "preservation", type: "DOUBLE", about: "judge's preservation balance, 0 to 1" },
  { name: "technical", type: "DOUBLE", about: "judge's technical quality, 0 to 1" },
  { name: "overall", type: "DOUBLE", about: "weighted overall score, 0 to 1" },
  { name: "judge", type: "STRING", about: "the judge of the current judgement" },
  { name: "judge_verdict", type: "STRING", about: "PASS or FAIL by the judge" },
  { name: "human_verdict", type: "STRING", about: "PASS or FAIL by the newest review, null if none" },
  { name: "reviewer_count", type: "INT32", about: "people who gave the edit a verdict" },
  { name: "effective_verdict", type: "STRING", about: "the human verdict, else the judge's" },
  { name: "sequence_id", type: "INT32", about: "its multi-turn sequence, if any" },
  { name: "turn", type: "INT32", about: "its turn in that sequence, from 1" },
  { name: "import_file", type: "STRING", about: "the file it was imported from" },
  { name: "import_line", type: "INT32", about: "the line of that file" },
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

function filtered(filter: EditFilter, extra: string[] = []): { from: string; where: string; values: unknown[] } {
  const where = editFilterWhere(filter);
  return {
    from: `"Edit" e JOIN "Task" t ON t."id" = e."taskId"`,
    where: [where.text, ...extra].join(" AND "),
    values: where.values,
  };
}

function tableQuery(filter: EditFilter): ExportQuery {
  const { from, where, values } = filtered(filter);
  return {
    text: `SELECT e."id" AS edit_id, e."taskId" AS task_id, c."name" AS category, et."name" AS edit_type,
        t."longInstruction" AS text, t."shortInstruction" AS summarized_text, si."uri" AS source_image,
        oi."uri" AS output_image, e."attempt", ${SUBSET_OF_EDIT} AS subset, e."origin"::text AS origin,
        e."compliance", e."realism", e."preservation", e."technical", e."overall",
        judgement."judge",
        e."judgeVerdict"::text AS judge_verdict, e."humanVerdict"::text AS human_verdict,
        COALESCE(r.reviewers, 0)::int AS reviewer_count, e."effectiveVerdict"::text AS effective_verdict,
        st."sequenceId" AS sequence_id, st."position" AS turn, b."source" AS import_file, e."sourceLine" AS import_line
      FROM ${from}
        JOIN "Image" si ON si."id" = t."sourceImageId"
        JOIN "Image" oi ON oi."id" = e."outputImageId"
        LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
        LEFT JOIN "Category" c ON c."id" = et."categoryId"
        LEFT JOIN (SELECT "editId", count(DISTINCT "reviewerId") AS reviewers FROM "Review"
                   WHERE "verdict" IS NOT NULL GROUP BY "editId") r ON r."editId" = e."id"
        LEFT JOIN LATERAL (SELECT j."judge" FROM "Judgement" j WHERE j."editId" = e."id"
                           ORDER BY j."createdAt" DESC, j."id" DESC LIMIT 1) judgement ON TRUE
        LEFT JOIN "SequenceTurn" st ON st."editId" = e."id"
        LEFT JOIN "ImportBatch" b ON b."id" = e."importBatchId"
      WHERE ${where}
      ORDER BY e."id"`,
    values,
  };
}

// A JSON string of a text column, for keys written by hand.
const json = (expression: string) => `to_json(${expression})::text`;

// sft.jsonl: the single-turn edits of the SFT subset that pass now; a human-failed one
// leaves. Keys in the release's order; local_input_image only where a local copy is known.
function sftQuery(filter: EditFilter): ExportQuery {
  const { from, where, values } = filtered(filter, [`e."origin" = 'SFT'`, `e."effectiveVerdict" = 'PASS'`]);
  return {
    text: `SELECT json_strip_nulls(row_to_json(r))::text FROM (
        SELECT si."uri" AS open_image_input_url, t."longInstruction" AS text, oi."uri" AS output_image,
               et."name" AS edit_type, t."shortInstruction" AS summarized_text, si."localPath" AS local_input_image
        FROM ${from}
          JOIN "Image" si ON si."id" = t."sourceImageId"
          JOIN "Image" oi ON oi."id" = e."outputImageId"
          JOIN "EditType" et ON et."id" = e."editTypeId"
        WHERE ${where}
        ORDER BY e."id") r`,
    values,
  };
}

// preference.jsonl: one record per passing single-turn edit of the filter that has pairs,
// with every current failure of its task as rejected_images (the pair rule of
// lib/curation/preference-pairs.ts, read from PreferencePair).
function preferenceQuery(filter: EditFilter): ExportQuery {
  const { from, where, values } = filtered(filter, [`e."origin" <> 'MULTI_TURN'`, `e."effectiveVerdict" = 'PASS'`]);
  return {
    text: `SELECT json_strip_nulls(row_to_json(r))::text FROM (
        SELECT oi."uri" AS output_image, rejected.images AS rejected_images, t."longInstruction" AS text,
               et."name" AS edit_type, si."uri" AS open_image_input_url, t."shortInstruction" AS summarized_text,
               si."localPath" AS local_input_image
        FROM ${from}
          JOIN "Image" si ON si."id" = t."sourceImageId"
          JOIN "Image" oi ON oi."id" = e."outputImageId"
          JOIN "EditType" et ON et."id" = e."editTypeId"
          JOIN LATERAL (
            SELECT ('[' || string_agg(${json(`ri."uri"`)}, ',' ORDER BY p."rejectedEditId") || ']')::json AS images
            FROM "PreferencePair" p
              JOIN "Edit" re ON re."id" = p."rejectedEditId"
              JOIN "Image" ri ON ri."id" = re."outputImageId"
            WHERE p."chosenEditId" = e."id"
          ) rejected ON rejected.images IS NOT NULL
        WHERE ${where}
        ORDER BY e."id") r`,
    values,
  };
}

// multi-turn.jsonl: every sequence with a turn in the filter, whole or (prefix) cut before
// its first failed turn. Turn k's image is edit_turnk, the last kept turn's final_image.
function multiTurnQuery(filter: EditFilter, options: ExportOptions): ExportQuery {
  const { from, where, values } = filtered(filter);
  const firstFailure = `(SELECT min(f."position") FROM "SequenceTurn" f JOIN "Edit" fe ON fe."id" = f."editId"
                         WHERE f."sequenceId" = s."id" AND fe."effectiveVerdict" = 'FAIL')`;
  return {
    text: `WITH picked AS (
        SELECT DISTINCT st."sequenceId" AS id FROM ${from} JOIN "SequenceTurn" st ON st."editId" = e."id" WHERE ${where}
      ), kept AS (
        SELECT s."id" AS sequence_id, st."position", oi."uri", t."longInstruction" AS prompt,
               count(*) OVER (PARTITION BY s."id") AS turns
        FROM picked p
          JOIN "Sequence" s ON s."id" = p.id
          JOIN "SequenceTurn" st ON st."sequenceId" = s."id"
          JOIN "Edit" e ON e."id" = st."editId"
          JOIN "Task" t ON t."id" = e."taskId"
          JOIN "Image" oi ON oi."id" = e."outputImageId"
        ${options.prefix ? `WHERE st."position" < COALESCE(${firstFailure}, 2147483647)` : ""}
      )
      SELECT json_strip_nulls(row_to_json(r))::text FROM (
        SELECT ('[' || string_agg('{"id":' || ${json(`CASE WHEN k."position" = k.turns THEN 'final_image' ELSE 'edit_turn' || k."position" END`)}
                                   || ',"url":' || ${json(`k."uri"`)} || '}', ',' ORDER BY k."position")
                || ',{"id":"original_input_image","url":' || ${json(`orig."uri"`)} || '}]')::json AS files,
               ('[' || string_agg(${json(`k.prompt`)}, ',' ORDER BY k."position") || ']')::json AS metadata_edit_turn_prompts,
               orig."localPath" AS local_input_image
        FROM kept k
          JOIN "Sequence" s ON s."id" = k.sequence_id
          JOIN "Image" orig ON orig."id" = s."originalImageId"
        GROUP BY k.sequence_id, orig."uri", orig."localPath"
        ORDER BY k.sequence_id) r`,
    values,
  };
}

// The statement whose rows are the export's data: one JSON text per line for the JSONL
// formats and Parquet (which reads the flat table's lines), the table's columns for CSV.
export function exportQuery(format: ExportFormatName, filter: EditFilter, options: ExportOptions = {}): ExportQuery {
  switch (format) {
    case "sft":
      return sftQuery(filter);
    case "preference":
      return preferenceQuery(filter);
    case "multi-turn":
      return multiTurnQuery(filter, options);
    case "csv":
      return tableQuery(filter);
    case "jsonl":
    case "parquet": {
      const table = tableQuery(filter);
      return { text: `SELECT row_to_json(r)::text FROM (${table.text}) r`, values: table.values };
    }
  }
}

// How many lines the export will write, for its progress (cheaper than the export: no
// text is read).
export function exportCountQuery(
  format: ExportFormatName,
  filter: EditFilter,
  options: ExportOptions = {},
): ExportQuery {
  const count = (extra: string[]) => {
    const { from, where, values } = filtered(filter, extra);
    return { text: `SELECT count(*)::int AS count FROM ${from} WHERE ${where}`, values };
  };
  switch (format) {
    case "sft":
      return count([`e."origin" = 'SFT'`, `e."effectiveVerdict" = 'PASS'`]);
    case "preference":
      return count([
        `e."origin" <> 'MULTI_TURN'`,
        `e."effectiveVerdict" = 'PASS'`,
        `EXISTS (SELECT 1 FROM "PreferencePair" p WHERE p."chosenEditId" = e."id")`,
      ]);
    case "multi-turn": {
      const query = exportQuery("multi-turn", filter, options);
      return { text: `SELECT count(*)::int AS count FROM (${query.text}) lines`, values: query.values };
    }
    default:
      return count([]);
  }
}
