import { editFilterSchema, type EditFilter } from "./edit-filter";
import { FILTER_PARAMS, filterFromParams, filterToParams, type ParamProblem } from "./edit-filter-params";
import { CONTROL, GALLERY_PARAMS } from "./page-params";

// A filter as a person types it for an export or a judge run (the API's or the CLI's):
// the gallery's query string, a whole gallery URL, or the filter as JSON. Every problem
// names its field. The query is the filter as the gallery's query string, for links back.

export type ParsedFilterText =
  { ok: true; filter: EditFilter; query: string } | { ok: false; problems: ParamProblem[] };

function parse(text: string): { ok: true; filter: EditFilter } | { ok: false; problems: ParamProblem[] } {
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
// cannot even be stored in a job's jsonb filter (its insert failed with a 500).
const controlProblems = (filter: EditFilter): ParamProblem[] =>
  Object.entries(filter).flatMap(([param, value]) =>
    typeof value === "string" && CONTROL.test(value) ? [{ param, message: "holds a control character" }] : [],
  );

export function parseFilterText(text: string): ParsedFilterText {
  const parsed = parse(text);
  if (!parsed.ok) return parsed;
  const problems = controlProblems(parsed.filter);
  if (problems.length) return { ok: false, problems };
  return { ok: true, filter: parsed.filter, query: filterToParams(parsed.filter).toString() };
}
