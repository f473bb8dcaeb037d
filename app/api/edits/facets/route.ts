// GET /api/edits/facets: counts beside every facet value under a filter.
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { countFacets } from "@/lib/data/edits";
import { FILTER_PARAMS, filterFromParams } from "@/lib/schemas/edit-filter-params";
import { checkParams } from "@/lib/schemas/page-params";
import { readAs } from "@/lib/auth/session";
import { galleryIndexState } from "@/lib/data/edit-index";

export const GET = routeHandler("facet counts", (request: Request) =>
  readAs("VIEWER", request.headers, async () => {
    const params = new URL(request.url).searchParams;
    const unread = checkParams(params, FILTER_PARAMS);
    if (unread.length) throw invalidInput(unread);
    const filter = filterFromParams(params);
    if (!filter.ok) throw invalidInput(filter.problems);
    const body = await countFacets(filter.filter);
    return Response.json(body, { headers: { "X-Gallery-Index": galleryIndexState() } });
  }),
);
