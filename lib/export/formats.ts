import { z } from "zod";

// What an export can be written as. The three released formats are Pico-Banana-400K's own
// record files (pico/FORMAT.md), with effective verdicts applied; the other three are one
// flat table of the filter's edits, one row per edit (lib/export/sql.ts, TABLE_COLUMNS).

export const EXPORT_FORMATS = ["sft", "preference", "multi-turn", "jsonl", "csv", "parquet"] as const;
export type ExportFormatName = (typeof EXPORT_FORMATS)[number];

export type FormatInfo = {
  // ExportJob.format
  enum: "SFT_JSONL" | "PREFERENCE_JSONL" | "MULTI_TURN_JSONL" | "TABLE_JSONL" | "CSV" | "PARQUET";
  file: string;
  contentType: string;
  label: string;
  released: boolean;
};

export const FORMATS: Record<ExportFormatName, FormatInfo> = {
  sft: {
    enum: "SFT_JSONL",
    file: "sft.jsonl",
    contentType: "application/x-ndjson; charset=utf-8",
    label: "SFT JSONL (released format)",
    released: true,
  },
  preference: {
    enum: "PREFERENCE_JSONL",
    file: "preference.jsonl",
    contentType: "application/x-ndjson; charset=utf-8",
    label: "Preference JSONL (released format)",
    released: true,
  },
  "multi-turn": {
    enum: "MULTI_TURN_JSONL",
    file: "multi-turn.jsonl",
    contentType: "application/x-ndjson; charset=utf-8",
    label: "Multi-turn JSONL (released format)",
    released: true,
  },
  jsonl: {
    enum: "TABLE_JSONL",
    file: "edits.jsonl",
    contentType: "application/x-ndjson; charset=utf-8",
    label: "Table as JSONL",
    released: false,
  },
  csv: {
    enum: "CSV",
    file: "edits.csv",
    contentType: "text/csv; charset=utf-8",
    label: "Table as CSV",
    released: false,
  },
  parquet: {
    enum: "PARQUET",
    file: "edits.parquet",
    contentType: "application/vnd.apache.parquet",
    label: "Table as Parquet",
    released: false,
  },
};

export const formatOfEnum = (value: FormatInfo["enum"]): ExportFormatName =>
  EXPORT_FORMATS.find((name) => FORMATS[name].enum === value) as ExportFormatName;

export const formatSchema = z.enum(EXPORT_FORMATS, {
  error: (issue) => `must be one of ${EXPORT_FORMATS.join(", ")}, got ${JSON.stringify(issue.input ?? null)}`,
});

// prefix: a multi-turn sequence stops before its first failed turn (a sequence whose first
// turn failed is left out); otherwise it is exported whole.
export const exportOptionsSchema = z
  .object({ prefix: z.boolean({ error: "must be true or false" }).optional() })
  .strict();
export type ExportOptions = z.infer<typeof exportOptionsSchema>;
