// POST /api/exports/<id>/cancel: stops a queued or running export (its creator or an admin);
// the run removes its partial file.
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { getExport } from "@/lib/data/exports";
import { cancelExport } from "@/lib/export/jobs";
import { ID_RULE, parseId } from "@/lib/schemas/id";
import { managed } from "../managed";

type Context = { params: Promise<{ id: string }> };

export const POST = routeHandler("export cancel", async (request: Request, { params }: Context) => {
  const user = await requireUser("VIEWER", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  managed(id, "cancel", await cancelExport(pgPool(), id, user));
  return Response.json(await getExport(id));
});
