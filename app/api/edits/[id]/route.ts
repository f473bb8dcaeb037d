// GET /api/edits/<id>: everything the edit page shows, and, under the gallery view given
// by the query (filter and sort params, as on /api/edits), the edits before and after it.
import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { findNeighbours, getEdit } from "@/lib/data/edits";
import { galleryView } from "@/lib/api/gallery-params";
import { ID_RULE, parseId } from "@/lib/schemas/id";
import { requireRole } from "@/lib/auth/session";

type Context = { params: Promise<{ id: string }> };

export const GET = routeHandler("edit", async (request: Request, { params }: Context) => {
  await requireRole("VIEWER", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const { filter, page } = galleryView(new URL(request.url).searchParams);
  const [edit, neighbours] = await Promise.all([getEdit(id), findNeighbours(filter, page, id)]);
  if (!edit) throw new AppError("NOT_FOUND", `no edit has id ${id}`);
  return Response.json({ ...edit, neighbours });
});
