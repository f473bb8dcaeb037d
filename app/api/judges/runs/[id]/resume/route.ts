// POST /api/judges/runs/<id>/resume (admin): puts a failed, cancelled or stalled run back in
// the queue; it asks only for the edits it has neither judged nor failed.
import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { getJudgeRun, queueJudgeRun } from "@/lib/data/judges";
import { requeueJudgeRun } from "@/lib/judges/run";
import { ID_RULE, parseId } from "@/lib/schemas/id";

type Context = { params: Promise<{ id: string }> };

export const POST = routeHandler("judge run resume", async (request: Request, { params }: Context) => {
  await requireUser("ADMIN", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const run = await getJudgeRun(id);
  if (!run) throw new AppError("NOT_FOUND", `No judge run ${id}.`);
  if (!(await requeueJudgeRun(pgPool(), id)))
    throw new AppError(
      "CONFLICT",
      `Judge run ${id} is ${run.status.toLowerCase()}: only a failed, cancelled or stalled run resumes.`,
    );
  await queueJudgeRun(id);
  return Response.json(await getJudgeRun(id));
});
