import { z } from "zod";

import { CRITERIA } from "../scoring/scoring";
import { idSchema } from "./id";
import { FILTER_PARAMS } from "./edit-filter-params";

// The bodies of the review API (app/api/review*, app/api/reviews*) and the queue's params.

const verdict = z.enum(["PASS", "FAIL"], { error: "must be PASS or FAIL" });
const score = z.number({ error: "must be a number" }).min(0, { error: "must be at least 0" }).max(1, {
  error: "must be at most 1",
});
const note = z.string({ error: "must be text" }).trim().max(2_000, { error: "is longer than 2000 characters" });

export const reviewBody = z
  .object({
    editId: idSchema,
    verdict,
    scores: z
      .object(Object.fromEntries(CRITERIA.map((criterion) => [criterion, score.optional()])))
      .strict()
      .optional(),
    note: note.optional(),
    // The id of the edit's newest review the annotator saw; null when it had none.
    after: idSchema.nullable(),
  })
  .strict();

export const claimBody = z
  .object({
    size: z.number().int().min(1).max(20).default(5),
    skip: z.array(idSchema).max(500, { error: "has more than 500 ids" }).default([]),
  })
  .strict();

// A bulk verdict names its edits, or a filter (as the gallery's query string) for all of them.
export const bulkBody = z
  .object({
    verdict,
    note: note.optional(),
    editIds: z.array(idSchema).min(1, { error: "is empty" }).max(5_000, { error: "has more than 5000 ids" }).optional(),
    filter: z.string({ error: "must be a gallery query string" }).max(4_000).optional(),
  })
  .strict()
  .refine((body) => (body.editIds === undefined) !== (body.filter === undefined), {
    error: "give editIds or filter, one of them",
  });

// The queue's band around the threshold, in the URL beside the gallery's filter.
export const BAND_PARAMS = ["band_min", "band_max"] as const;
export const QUEUE_PARAMS = [...FILTER_PARAMS, ...BAND_PARAMS];

export type Band = { min: number; max: number };
export const DEFAULT_BAND: Band = { min: 0.6, max: 0.8 };

const bandSchema = z
  .object({
    band_min: z.coerce.number({ error: "must be a number" }).min(0, { error: "must be at least 0" }).max(1, {
      error: "must be at most 1",
    }),
    band_max: z.coerce.number({ error: "must be a number" }).min(0, { error: "must be at least 0" }).max(1, {
      error: "must be at most 1",
    }),
  })
  .refine((band) => band.band_min <= band.band_max, {
    error: "band_min must not be above band_max",
    path: ["band_min"],
  });

export function bandFromParams(
  params: URLSearchParams,
): { ok: true; band: Band } | { ok: false; problems: { param: string; message: string }[] } {
  const parsed = bandSchema.safeParse({
    band_min: params.get("band_min") ?? DEFAULT_BAND.min,
    band_max: params.get("band_max") ?? DEFAULT_BAND.max,
  });
  if (!parsed.success)
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => ({ param: String(issue.path[0]), message: issue.message })),
    };
  return { ok: true, band: { min: parsed.data.band_min, max: parsed.data.band_max } };
}
