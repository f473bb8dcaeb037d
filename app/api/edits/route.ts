// GET /api/edits: one page of the gallery under a filter (lib/schemas/edit-filter-params.ts)
// in a sort, after a cursor (lib/schemas/page-params.ts).
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { findEdits } from "@/lib/data/edits";
import { FILTER_PARAMS, filterFromParams } from "@/lib/schemas/edit-filter-params";
import { checkParams, GALLERY_PARAMS, galleryPageFromParams } from "@/lib/schemas/page-params";
import { readAs } from "@/lib/auth/session";
import { galleryIndexState } from "@/lib/data/edit-index";

export const GET = routeHandler("gallery page", (request: Request) =>
  readAs("VIEWER", request.headers, async () => {
    const params = new URL(request.url).searchParams;
    const unread = checkParams(params, [...FILTER_PARAMS, ...GALLERY_PARAMS]);
    if (unread.length) throw invalidInput(unread);
    const filter = filterFromParams(params);
    const page = galleryPageFromParams(params);
    if (!filter.ok || !page.ok)
      throw invalidInput([...(filter.ok ? [] : filter.problems), ...(page.ok ? [] : page.problems)]);
    const body = await findEdits(filter.filter, page.page);
    return Response.json(body, { headers: { "X-Gallery-Index": galleryIndexState() } });
  }),
);
