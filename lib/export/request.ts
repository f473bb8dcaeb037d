import { editFilterSchema, type EditFilter } from "../schemas/edit-filter";
import { FILTER_PARAMS, filterFromParams, filterToParams, type ParamProblem } from "../schemas/edit-filter-params";
import { CONTROL, GALLERY_PARAMS } from "../schemas/page-params";
import {
  EXPORT_FORMATS,
  exportOptionsSchema,
  formatSchema,
  type ExportFormatName,
  type ExportOptions,
} from "./formats";

// What an export is asked for with, from the API or the CLI: a format, a filter (the
// gallery's query string, a whole gallery URL, or the filter as JSON) and options. Every
// problem names its field.

export type ParsedExport =
  | { ok: true; format: ExportFormatName; filter: EditFilter; query: string; options: ExportOptions }
  | { ok: false; problems: ParamProblem[] };

export function parseFilterText(
  text: string,
): { ok: true; filter: EditFilter } | { ok: false; problems: ParamProblem[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      return { ok: false, problems: [{ param: "filter", message: `is not valid JSON (${(error as Error).message})` }] };
    }
    const parsed = editFilterSchema.safeParse(value);
    if (parsed.success) return { ok: true, filter: parsed.data as EditFilter };
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({
        param: ["filter", ...issue.path].join("."),
        message: issue.message,
      })),
    };
  }
  const params = new URLSearchParams(trimmed.includes("?") ? trimmed.slice(trimmed.indexOf("?") + 1) : trimmed);
  const unknown = [...new Set(params.keys())].filter(
    (key) => !FILTER_PARAMS.has(key) && !(GALLERY_PARAMS as readonly string[]).includes(key),
  );
  if (unknown.length)
    return {
      ok: false,
      problems: unknown.map((param) => ({ param, message: "is not a filter field (see the gallery's URL)" })),
    };
  return filterFromParams(params);
}

// A control character is never part of a filter, as in a gallery link (checkParams); a NUL
// cannot even be stored in the job's jsonb filter (its insert failed with a 500).
const controlProblems = (filter: EditFilter): ParamProblem[] =>
  Object.entries(filter).flatMap(([param, value]) =>
    typeof value === "string" && CONTROL.test(value) ? [{ param, message: "holds a control character" }] : [],
  );

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
  else problems.push(...controlProblems(filter.filter));
  if (problems.length || !filter.ok || !format.success || !options.success) return { ok: false, problems };
  return {
    ok: true,
    format: format.data,
    filter: filter.filter,
    query: filterToParams(filter.filter).toString(),
    options: options.data,
  };
}
