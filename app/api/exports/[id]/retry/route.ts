// POST /api/exports/<id>/retry: runs a failed, cancelled or stalled export again, from the
// beginning, as a job (its creator or an admin).
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { getExport, queueExport } from "@/lib/data/exports";
import { requeueExport } from "@/lib/export/jobs";
import { ID_RULE, parseId } from "@/lib/schemas/id";
import { managed } from "../managed";

type Context = { params: Promise<{ id: string }> };

export const POST = routeHandler("export retry", async (request: Request, { params }: Context) => {
  const user = await requireUser("VIEWER", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  managed(id, "run again", await requeueExport(pgPool(), id, user));
  await queueExport(id);
  return Response.json(await getExport(id));
});
