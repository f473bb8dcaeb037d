import { z } from "zod";

import { env } from "../env";
import type { JudgeRunOptions } from "./run";

// A judge run's settings: what its starter gives (the CLI's flags, the /judges form),
// else the JUDGE_* environment, else these defaults. Stored with the run, so a resumed run
// keeps them.

const MAX_ATTEMPTS = 3;
const MAX_RETRIES = 4;
const TIMEOUT_SECONDS = 120;

const count = (name: string, max: number) =>
  z.coerce
    .number({ error: `${name} must be a number` })
    .int({ error: `${name} must be a whole number` })
    .min(1, { error: `${name} must be at least 1` })
    .max(max, { error: `${name} must be at most ${max}` });

export const judgeRunInputSchema = z
  .object({
    judge: z
      .string({ error: "judge must be a name" })
      .trim()
      .min(1, { error: "judge must not be empty" })
      .max(100, { error: "judge must be at most 100 characters" })
      .regex(/^[\w.:@/-]+$/, { error: "judge may hold letters, digits and . _ - : @ / only" }),
    model: z.string().trim().min(1).max(200).optional(),
    baseUrl: z.url({ protocol: /^https?$/, error: "baseUrl must be an http(s) URL" }).optional(),
    concurrency: count("concurrency", 64).optional(),
    requestsPerMinute: count("requestsPerMinute", 100_000).optional(),
    limit: count("limit", 10_000_000).optional(),
  })
  .strict();
export type JudgeRunInput = z.infer<typeof judgeRunInputSchema>;

export class JudgeSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JudgeSetupError";
  }
}

// The endpoint, model and settings of a new run.
export function resolveJudgeRun(input: JudgeRunInput): { model: string; baseUrl: string; options: JudgeRunOptions } {
  const settings = env();
  const baseUrl = input.baseUrl ?? settings.JUDGE_BASE_URL;
  const model = input.model ?? settings.JUDGE_MODEL;
  if (!baseUrl) throw new JudgeSetupError("no judge endpoint: set JUDGE_BASE_URL (or give one)");
  if (!model) throw new JudgeSetupError("no judge model: set JUDGE_MODEL (or give one)");
  return {
    baseUrl,
    model,
    options: {
      concurrency: input.concurrency ?? settings.JUDGE_CONCURRENCY,
      requestsPerMinute: input.requestsPerMinute ?? settings.JUDGE_RPM,
      maxAttempts: MAX_ATTEMPTS,
      maxRetries: MAX_RETRIES,
      imageSide: settings.JUDGE_IMAGE_SIDE,
      priceInputPer1k: settings.JUDGE_PRICE_INPUT_PER_1K,
      priceOutputPer1k: settings.JUDGE_PRICE_OUTPUT_PER_1K,
      timeoutSeconds: TIMEOUT_SECONDS,
      ...(input.limit !== undefined && { limit: input.limit }),
    },
  };
}
