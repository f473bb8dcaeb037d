// GET /api/exports/<id>: one export job. DELETE: removes its files (its creator or an admin);
// the row stays, marked deleted, as the record of the export.
import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { requireRole, requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { exportStore, getExport } from "@/lib/data/exports";
import { deleteExport } from "@/lib/export/jobs";
import { ID_RULE, parseId } from "@/lib/schemas/id";
import { managed } from "./managed";

type Context = { params: Promise<{ id: string }> };

export const GET = routeHandler("export", async (request: Request, { params }: Context) => {
  await requireRole("VIEWER", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const job = await getExport(id);
  if (!job) throw new AppError("NOT_FOUND", `No export ${id}.`);
  return Response.json(job);
});

export const DELETE = routeHandler("export delete", async (request: Request, { params }: Context) => {
  const user = await requireUser("VIEWER", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  managed(id, "delete", await deleteExport(pgPool(), id, user, () => exportStore().removeJob(id)));
  return new Response(null, { status: 204 });
});
