import { z } from "zod";

import { CRITERIA } from "../scoring/scoring";
import { idSchema } from "./id";

// "These edits": the one filter the gallery, its facet counts, the review queue, the
// taxonomy statistics, the export and the CLI all take (DESIGN.md, "One filter").

export const SUBSETS = ["sft", "preference", "multi-turn"] as const;
export type Subset = (typeof SUBSETS)[number];
export const VERDICT_FILTERS = ["pass", "fail", "none"] as const;
// The change-signal flags (lib/signals/flags.ts): an edit with any of those asked for.
// unmeasured: no signals yet.
export const SIGNAL_FLAGS = ["no-op", "over-edit", "size", "unavailable", "unmeasured"] as const;
export type SignalFlag = (typeof SIGNAL_FLAGS)[number];

const ids = z.array(idSchema).max(100, { error: "has more than 100 values" });
const verdict = z.enum(VERDICT_FILTERS, { error: `must be one of ${VERDICT_FILTERS.join(", ")}` });
const unit = z.coerce
  .number({ error: "must be a number" })
  .min(0, { error: "must be at least 0" })
  .max(1, { error: "must be at most 1" });
const range = z
  .object({ min: unit.optional(), max: unit.optional() })
  .strict()
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { error: "min must not be above max" });

export const editFilterSchema = z
  .object({
    categories: ids.optional(),
    types: ids.optional(),
    subsets: z.array(z.enum(SUBSETS, { error: `must be one of ${SUBSETS.join(", ")}` })).optional(),
    flags: z.array(z.enum(SIGNAL_FLAGS, { error: `must be one of ${SIGNAL_FLAGS.join(", ")}` })).optional(),
    judge: verdict.optional(),
    human: verdict.optional(),
    effective: verdict.optional(),
    overall: range.optional(),
    ...Object.fromEntries(CRITERIA.map((criterion) => [criterion, range.optional()])),
    reviewed: z.boolean({ error: "must be true or false" }).optional(),
    q: z
      .string({ error: "must be text" })
      .trim()
      .min(1, { error: "is empty" })
      .max(200, { error: "is longer than 200 characters" })
      .optional(),
    source: idSchema.optional(),
    sequence: idSchema.optional(),
    batch: idSchema.optional(),
    // Judges whose verdicts differ on the edit: it was judged by every one named, and
    // not all of them passed it or failed it.
    disagree: z
      .array(
        z.string({ error: "must be judge names" }).max(100, { error: "has a judge name longer than 100 characters" }),
      )
      .min(2, { error: "must name at least two judges" })
      .max(10, { error: "names more than 10 judges" })
      .refine((names) => new Set(names).size === names.length, { error: "names a judge twice" })
      .optional(),
  })
  .strict();

export type ScoreRange = { min?: number; max?: number };
export type EditFilter = Omit<z.infer<typeof editFilterSchema>, (typeof CRITERIA)[number]> &
  Partial<Record<(typeof CRITERIA)[number], ScoreRange>>;
