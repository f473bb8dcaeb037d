// POST /api/judges/runs/<id>/cancel (admin): stops a queued or running run; what it judged
// stays, and it can be resumed.
import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { getJudgeRun } from "@/lib/data/judges";
import { cancelJudgeRun } from "@/lib/judges/run";
import { ID_RULE, parseId } from "@/lib/schemas/id";

type Context = { params: Promise<{ id: string }> };

export const POST = routeHandler("judge run cancel", async (request: Request, { params }: Context) => {
  const user = await requireUser("ADMIN", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const run = await getJudgeRun(id);
  if (!run) throw new AppError("NOT_FOUND", `No judge run ${id}.`);
  if (!(await cancelJudgeRun(pgPool(), id, user.id, `cancelled by ${user.name}`)))
    throw new AppError("CONFLICT", `Judge run ${id} is not queued or running: there is nothing to cancel.`);
  return Response.json(await getJudgeRun(id));
});
