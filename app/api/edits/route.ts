// GET /api/edits: one page of the gallery under a filter (lib/schemas/edit-filter-params.ts)
// in a sort, after a cursor (lib/schemas/page-params.ts).
import { invalidParams } from "@/lib/api/errors";
import { findEdits } from "@/lib/data/edits";
import { filterFromParams } from "@/lib/schemas/edit-filter-params";
import { galleryPageFromParams } from "@/lib/schemas/page-params";

export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const filter = filterFromParams(params);
  const page = galleryPageFromParams(params);
  if (!filter.ok || !page.ok)
    return invalidParams([...(filter.ok ? [] : filter.problems), ...(page.ok ? [] : page.problems)]);
  return Response.json(await findEdits(filter.filter, page.page));
}
