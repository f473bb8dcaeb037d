// GET /api/judges/runs/<id>: one judge run, with the edits it could not judge and why.
import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { getJudgeRun } from "@/lib/data/judges";
import { ID_RULE, parseId } from "@/lib/schemas/id";

type Context = { params: Promise<{ id: string }> };

export const GET = routeHandler("judge run", async (request: Request, { params }: Context) => {
  await requireRole("VIEWER", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const run = await getJudgeRun(id);
  if (!run) throw new AppError("NOT_FOUND", `No judge run ${id}.`);
  return Response.json(run);
});
