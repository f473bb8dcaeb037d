// GET /api/edits/<id>: everything the edit page shows, and, under the gallery view given
// by the query (filter and sort params, as on /api/edits), the edits before and after it.
import { invalidParams } from "@/lib/api/errors";
import { findNeighbours, getEdit } from "@/lib/data/edits";
import { filterFromParams } from "@/lib/schemas/edit-filter-params";
import { galleryPageFromParams } from "@/lib/schemas/page-params";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const raw = (await params).id;
  if (!/^[1-9]\d{0,9}$/.test(raw) || Number(raw) > 2_147_483_647)
    return invalidParams([{ param: "id", message: `must be a positive integer, got "${raw}"` }]);
  const id = Number(raw);
  const query = new URL(request.url).searchParams;
  const filter = filterFromParams(query);
  const view = galleryPageFromParams(query);
  if (!filter.ok || !view.ok)
    return invalidParams([...(filter.ok ? [] : filter.problems), ...(view.ok ? [] : view.problems)]);
  const [edit, neighbours] = await Promise.all([getEdit(id), findNeighbours(filter.filter, view.page, id)]);
  if (!edit) return Response.json({ error: { code: "NOT_FOUND", message: `no edit has id ${id}` } }, { status: 404 });
  return Response.json({ ...edit, neighbours });
}
