import { z } from "zod";

import type { ParamProblem } from "./edit-filter-params";

// A gallery page's own params beside the filter's: cursor (the last id seen) and limit.
const pageSchema = z.object({
  cursor: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).positive({ error: "must be positive" }).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int({ error: "must be an integer" }).min(1, { error: "must be at least 1" }).max(200, { error: "must be at most 200" }).default(60),
});

export type PageParams = z.infer<typeof pageSchema>;

export function pageFromParams(params: URLSearchParams): { ok: true; page: PageParams } | { ok: false; problems: ParamProblem[] } {
  const raw = Object.fromEntries(["cursor", "limit"].flatMap((key) => (params.has(key) ? [[key, params.get(key)]] : [])));
  const parsed = pageSchema.safeParse(raw);
  if (parsed.success) return { ok: true, page: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => ({ param: String(issue.path[0]), message: issue.message })) };
}
