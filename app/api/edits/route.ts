// GET /api/edits: one page of the gallery under a filter (lib/schemas/edit-filter-params.ts)
// in a sort, after a cursor (lib/schemas/page-params.ts).
import { routeHandler } from "@/lib/api/errors";
import { galleryView } from "@/lib/api/gallery-params";
import { findEdits } from "@/lib/data/edits";
import { readAs } from "@/lib/auth/session";
import { galleryIndexState } from "@/lib/data/edit-index";

export const GET = routeHandler("gallery page", (request: Request) =>
  readAs("VIEWER", request.headers, async () => {
    const { filter, page } = galleryView(new URL(request.url).searchParams);
    const body = await findEdits(filter, page);
    return Response.json(body, { headers: { "X-Gallery-Index": galleryIndexState() } });
  }),
);
