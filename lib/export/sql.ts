import { editFilterWhere, SUBSET_OF_EDIT } from "../sql/edit-filter";
import type { EditFilter } from "../schemas/edit-filter";
import type { ExportFormatName, ExportOptions } from "./formats";

// The SQL of every export: one statement per format whose rows are the file's lines, in a
// total order (edit, chosen edit or sequence id), so that the same filter on the same data
// gives the same bytes. The JSON lines are built by PostgreSQL as text at the join itself,
// so that its parallel workers build them and COPY streams them out at its own speed.

export type ExportQuery = { text: string; values: unknown[] };

// The flat table: one row per edit, each column's SQL over the joins of tableQuery. Its
// Parquet type is what the SQL gives (INT32: integer, DOUBLE: double precision, STRING:
// text), as lib/export/parquet.ts reads them from COPY's binary format.
export const TABLE_COLUMNS = [
  { name: "edit_id", type: "INT32", sql: `e."id"`, about: "the edit's id in this database" },
  { name: "task_id", type: "INT32", sql: `e."taskId"`, about: "its task: one source image and one instruction" },
  {
    name: "category",
    type: "STRING",
    sql: `c."name"`,
    about: "category of the edit type (null for multi-turn turns)",
  },
  {
    name: "edit_type",
    type: "STRING",
    sql: `et."name"`,
    about: "one of the 35 edit types (null for multi-turn turns)",
  },
  { name: "text", type: "STRING", sql: `t."longInstruction"`, about: "the long instruction" },
  { name: "summarized_text", type: "STRING", sql: `t."shortInstruction"`, about: "the short instruction" },
  { name: "source_image", type: "STRING", sql: `si."uri"`, about: "source image URL or path" },
  {
    name: "output_image",
    type: "STRING",
    sql: `oi."uri"`,
    about: "edited image path (relative to the release's base URL) or URL",
  },
  { name: "attempt", type: "INT32", sql: `e."attempt"`, about: "which attempt at the task this edit was" },
  { name: "subset", type: "STRING", sql: SUBSET_OF_EDIT, about: "sft, preference or multi-turn" },
  {
    name: "origin",
    type: "STRING",
    sql: `e."origin"::text`,
    about: "SFT, PREFERENCE_CHOSEN, PREFERENCE_REJECTED or MULTI_TURN",
  },
  { name: "compliance", type: "DOUBLE", sql: `e."compliance"`, about: "judge's instruction compliance, 0 to 1" },
  { name: "realism", type: "DOUBLE", sql: `e."realism"`, about: "judge's editing realism, 0 to 1" },
  { name: "preservation", type: "DOUBLE", sql: `e."preservation"`, about: "judge's preservation balance, 0 to 1" },
  { name: "technical", type: "DOUBLE", sql: `e."technical"`, about: "judge's technical quality, 0 to 1" },
  { name: "overall", type: "DOUBLE", sql: `e."overall"`, about: "weighted overall score, 0 to 1" },
  { name: "judge", type: "STRING", sql: `j."judge"`, about: "the judge of the current judgement" },
  { name: "judge_verdict", type: "STRING", sql: `e."judgeVerdict"::text`, about: "PASS or FAIL by the judge" },
  {
    name: "human_verdict",
    type: "STRING",
    sql: `e."humanVerdict"::text`,
    about: "PASS or FAIL by the newest review, null if none",
  },
  {
    name: "reviewer_count",
    type: "INT32",
    sql: `COALESCE(r.reviewers, 0)::int`,
    about: "people who gave the edit a verdict",
  },
  {
    name: "effective_verdict",
    type: "STRING",
    sql: `e."effectiveVerdict"::text`,
    about: "the human verdict, else the judge's",
  },
  { name: "sequence_id", type: "INT32", sql: `st."sequenceId"`, about: "its multi-turn sequence, if any" },
  { name: "turn", type: "INT32", sql: `st."position"`, about: "its turn in that sequence, from 1" },
  { name: "import_file", type: "STRING", sql: `b."source"`, about: "the file it was imported from" },
  { name: "import_line", type: "INT32", sql: `e."sourceLine"`, about: "the line of that file" },
] as const;
export type TableColumn = (typeof TABLE_COLUMNS)[number];

// A JSON object as text, keys in the order given. Without keepNulls a null value leaves its
// key out (concat_ws skips nulls), as the released files do; with it the key says null.
function jsonObject(fields: readonly (readonly [key: string, sql: string])[], keepNulls: boolean): string {
  const members = fields.map(([key, sql]) =>
    keepNulls ? `'"${key}":' || COALESCE(to_json(${sql})::text, 'null')` : `'"${key}":' || to_json(${sql})::text`,
  );
  return `'{' || concat_ws(',', ${members.join(", ")}) || '}'`;
}

function filtered(filter: EditFilter, extra: string[] = []): { from: string; where: string; values: unknown[] } {
  const where = editFilterWhere(filter);
  return {
    from: `"Edit" e JOIN "Task" t ON t."id" = e."taskId"`,
    where: [where.text, ...extra].join(" AND "),
    values: where.values,
  };
}

// The flat table's rows, as columns (CSV, Parquet) or as one JSON object each (JSONL).
function tableQuery(filter: EditFilter, shape: "columns" | "json"): ExportQuery {
  const { from, where, values } = filtered(filter);
  const select =
    shape === "json"
      ? jsonObject(
          TABLE_COLUMNS.map((column) => [column.name, column.sql]),
          true,
        )
      : TABLE_COLUMNS.map((column) => `${column.sql} AS ${column.name}`).join(", ");
  return {
    text: `SELECT ${select}
      FROM ${from}
        JOIN "Image" si ON si."id" = t."sourceImageId"
        JOIN "Image" oi ON oi."id" = e."outputImageId"
        LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
        LEFT JOIN "Category" c ON c."id" = et."categoryId"
        LEFT JOIN "Judgement" j ON j."id" = e."judgementId"
        LEFT JOIN (SELECT "editId", count(DISTINCT "reviewerId") AS reviewers FROM "Review"
                   WHERE "verdict" IS NOT NULL GROUP BY "editId") r ON r."editId" = e."id"
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
  const line = jsonObject(
    [
      ["open_image_input_url", `si."uri"`],
      ["text", `t."longInstruction"`],
      ["output_image", `oi."uri"`],
      ["edit_type", `et."name"`],
      ["summarized_text", `t."shortInstruction"`],
      ["local_input_image", `si."localPath"`],
    ],
    false,
  );
  return {
    text: `SELECT ${line}
        FROM ${from}
          JOIN "Image" si ON si."id" = t."sourceImageId"
          JOIN "Image" oi ON oi."id" = e."outputImageId"
          JOIN "EditType" et ON et."id" = e."editTypeId"
        WHERE ${where}
        ORDER BY e."id"`,
    values,
  };
}

// preference.jsonl: one record per passing single-turn edit of the filter that has pairs,
// with every current failure of its task as rejected_images (the pair rule of
// lib/curation/preference-pairs.ts, read from PreferencePair).
function preferenceQuery(filter: EditFilter): ExportQuery {
  const { from, where, values } = filtered(filter, [`e."origin" <> 'MULTI_TURN'`, `e."effectiveVerdict" = 'PASS'`]);
  const line = jsonObject(
    [
      ["output_image", `oi."uri"`],
      ["rejected_images", `rejected.images`],
      ["text", `t."longInstruction"`],
      ["edit_type", `et."name"`],
      ["open_image_input_url", `si."uri"`],
      ["summarized_text", `t."shortInstruction"`],
      ["local_input_image", `si."localPath"`],
    ],
    false,
  );
  return {
    text: `SELECT ${line}
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
        ORDER BY e."id"`,
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
// formats, the table's columns for CSV and Parquet.
export function exportQuery(format: ExportFormatName, filter: EditFilter, options: ExportOptions = {}): ExportQuery {
  switch (format) {
    case "sft":
      return sftQuery(filter);
    case "preference":
      return preferenceQuery(filter);
    case "multi-turn":
      return multiTurnQuery(filter, options);
    case "csv":
    case "parquet":
      return tableQuery(filter, "columns");
    case "jsonl":
      return tableQuery(filter, "json");
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
      // One line per sequence with a turn in the filter; cut to its prefix, a sequence whose
      // first turn failed has no line.
      const { from, where, values } = filtered(filter);
      const firstTurnFailed = `EXISTS (SELECT 1 FROM "SequenceTurn" f JOIN "Edit" fe ON fe."id" = f."editId"
                               WHERE f."sequenceId" = st."sequenceId" AND f."position" = 1 AND fe."effectiveVerdict" = 'FAIL')`;
      return {
        text: `SELECT count(DISTINCT st."sequenceId")::int AS count
               FROM ${from} JOIN "SequenceTurn" st ON st."editId" = e."id"
               WHERE ${where}${options.prefix ? ` AND NOT ${firstTurnFailed}` : ""}`,
        values,
      };
    }
    default:
      return count([]);
  }
}
