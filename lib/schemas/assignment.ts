import { z } from "zod";

import { idSchema } from "./id";

// The form of /review/stats that sends reviewed edits to a second annotator.

// The most edits one sample sends: a second review of more is a project of its own.
export const MAX_SAMPLE = 500;

export const sampleForm = z.object({
  userId: idSchema,
  count: z.coerce
    .number({ error: "must be a number" })
    .int({ error: "must be a whole number" })
    .min(1, { error: "must be at least 1" })
    .max(MAX_SAMPLE, { error: `must be at most ${MAX_SAMPLE}` }),
  // The form's "any type" sends an empty value.
  editTypeId: z.preprocess((value) => (value === "" ? undefined : value), idSchema.optional()),
});

export type SampleForm = z.infer<typeof sampleForm>;
