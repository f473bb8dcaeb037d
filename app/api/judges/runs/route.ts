// GET /api/judges/runs: the newest judge runs with their progress.
// POST /api/judges/runs (admin), body { filter, judge, model?, concurrency?,
// requestsPerMinute?, limit? }: a run for the worker over the edits of filter (the
// gallery's query string, or the filter as JSON text), on the server's JUDGE_BASE_URL. The
// endpoint is never taken from the request: the server sends its key there. 201 with the run.
import { z } from "zod";

import { readJson } from "@/lib/api/body";
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireRole, requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { getJudgeRun, listJudgeRuns, queueJudgeRun } from "@/lib/data/judges";
import { judgeRunInputSchema, JudgeSetupError, resolveJudgeRun } from "@/lib/judges/options";
import { createJudgeRun } from "@/lib/judges/run";
import { parseFilterText } from "@/lib/schemas/filter-text";

const body = judgeRunInputSchema.omit({ baseUrl: true }).extend({
  filter: z.string({ error: "must be the gallery's query string" }).max(10_000, { error: "is too long" }).default(""),
});

export const GET = routeHandler("judge run list", async (request: Request) => {
  await requireRole("VIEWER", request.headers);
  return Response.json({ items: await listJudgeRuns() });
});

export const POST = routeHandler("judge run", async (request: Request) => {
  const user = await requireUser("ADMIN", request.headers);
  const { filter: text, ...input } = await readJson(request, body);
  const filter = parseFilterText(text);
  if (!filter.ok) throw invalidInput(filter.problems);
  let setup;
  try {
    setup = resolveJudgeRun(input);
  } catch (error) {
    if (error instanceof JudgeSetupError) throw invalidInput([{ param: "judge", message: error.message }]);
    throw error;
  }
  const id = await createJudgeRun(pgPool(), {
    judge: input.judge,
    ...setup,
    filter: filter.filter,
    query: filter.query,
    userId: user.id,
  });
  await queueJudgeRun(id);
  return Response.json(await getJudgeRun(id), { status: 201 });
});
