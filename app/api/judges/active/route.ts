// POST /api/judges/active (admin), body { judge: string | null }: makes that judge's
// verdicts the judge verdicts (null: each edit's newest judgement). Recorded at once; the
// verdicts and preference pairs of the edits it or the previous active judge judged are
// derived again by a job, whose progress GET /api/judges shows.
import { z } from "zod";

import { readJson } from "@/lib/api/body";
import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { activeJudge, queueActivation } from "@/lib/data/judges";
import { activateJudge, ActivationError } from "@/lib/judges/activation";

const body = z
  .object({
    judge: z
      .string({ error: "must be a judge's name, or null for each edit's newest judgement" })
      .max(100, { error: "is longer than 100 characters" })
      .nullable(),
  })
  .strict();

export const POST = routeHandler("active judge", async (request: Request) => {
  const user = await requireUser("ADMIN", request.headers);
  const { judge } = await readJson(request, body);
  let id: number;
  try {
    id = await activateJudge(pgPool(), judge, user.id);
  } catch (error) {
    if (error instanceof ActivationError)
      throw error.kind === "unknown"
        ? invalidInput([{ param: "judge", message: error.message }])
        : new AppError("CONFLICT", `judge: ${error.message}`);
    throw error;
  }
  await queueActivation(id);
  return Response.json(await activeJudge());
});
