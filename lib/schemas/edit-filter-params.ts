import { SCORE_KEYS } from "../scoring/scoring";
import { editFilterSchema, type EditFilter } from "./edit-filter";

// The filter as URL search params, so that a filtered view is a link:
//   types=3,4  subsets=sft,preference  judge=fail  overall_min=0.6  overall_max=0.7
//   compliance_max=0.5  reviewed=false  q=sky  source=12  sequence=5  batch=2  flags=no-op
//   disagree=release,gpt-4o
// Lists are comma-separated; each score range is a _min and a _max.

const LISTS = ["categories", "types", "subsets", "flags", "disagree"] as const;
const SINGLES = ["judge", "human", "effective", "q", "source", "sequence", "batch"] as const;
export const FILTER_PARAMS = new Set<string>([
  ...LISTS,
  ...SINGLES,
  "reviewed",
  ...SCORE_KEYS.flatMap((r) => [`${r}_min`, `${r}_max`]),
]);

export type ParamProblem = { param: string; message: string };
export type ParsedFilter = { ok: true; filter: EditFilter } | { ok: false; problems: ParamProblem[] };

// Reads the filter's params and ignores the others (a page's cursor, say).
export function filterFromParams(params: URLSearchParams): ParsedFilter {
  const raw: Record<string, unknown> = {};
  const problems: ParamProblem[] = [];
  for (const key of LISTS) {
    const value = params.get(key);
    if (value !== null) raw[key] = value.split(",").filter((part) => part !== "");
  }
  for (const key of SINGLES) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const reviewed = params.get("reviewed");
  if (reviewed !== null) {
    if (reviewed === "true" || reviewed === "false") raw.reviewed = reviewed === "true";
    else problems.push({ param: "reviewed", message: "must be true or false" });
  }
  for (const range of SCORE_KEYS) {
    const min = params.get(`${range}_min`);
    const max = params.get(`${range}_max`);
    if (min !== null || max !== null) raw[range] = { ...(min !== null && { min }), ...(max !== null && { max }) };
  }
  const parsed = editFilterSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [field, part] = issue.path as (string | number)[];
      const param = SCORE_KEYS.includes(field as (typeof SCORE_KEYS)[number])
        ? typeof part === "string"
          ? `${String(field)}_${part}`
          : `${String(field)}_min/${String(field)}_max`
        : String(field);
      problems.push({ param, message: issue.message });
    }
  }
  if (problems.length) return { ok: false, problems };
  return { ok: true, filter: (parsed as { data: EditFilter }).data };
}

export function filterToParams(filter: EditFilter): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of LISTS) if (filter[key]?.length) params.set(key, (filter[key] as (string | number)[]).join(","));
  for (const key of SINGLES) if (filter[key] !== undefined) params.set(key, String(filter[key]));
  if (filter.reviewed !== undefined) params.set("reviewed", String(filter.reviewed));
  for (const range of SCORE_KEYS) {
    if (filter[range]?.min !== undefined) params.set(`${range}_min`, String(filter[range]?.min));
    if (filter[range]?.max !== undefined) params.set(`${range}_max`, String(filter[range]?.max));
  }
  return params;
}
