import type { EditFilter } from "../schemas/edit-filter";
import type { ParamProblem } from "../schemas/edit-filter-params";
import { parseFilterText } from "../schemas/filter-text";
import {
  EXPORT_FORMATS,
  exportOptionsSchema,
  formatSchema,
  type ExportFormatName,
  type ExportOptions,
} from "./formats";

// What an export is asked for with, from the API or the CLI: a format, a filter (as
// lib/schemas/filter-text.ts reads it) and options. Every problem names its field.

export type ParsedExport =
  | { ok: true; format: ExportFormatName; filter: EditFilter; query: string; options: ExportOptions }
  | { ok: false; problems: ParamProblem[] };

export function parseExportRequest(input: { format?: unknown; filter: string; options?: unknown }): ParsedExport {
  const problems: ParamProblem[] = [];
  const format = formatSchema.safeParse(input.format);
  if (!format.success)
    problems.push({
      param: "format",
      message:
        input.format === undefined
          ? `is missing (one of ${EXPORT_FORMATS.join(", ")})`
          : (format.error.issues[0]?.message ?? ""),
    });
  const options = exportOptionsSchema.safeParse(input.options ?? {});
  if (!options.success)
    for (const issue of options.error.issues)
      problems.push({ param: ["options", ...issue.path].join(".") || "options", message: issue.message });
  const filter = parseFilterText(input.filter);
  if (!filter.ok) problems.push(...filter.problems);
  if (problems.length || !filter.ok || !format.success || !options.success) return { ok: false, problems };
  return { ok: true, format: format.data, filter: filter.filter, query: filter.query, options: options.data };
}
