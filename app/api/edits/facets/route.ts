// GET /api/edits/facets: counts beside every facet value under a filter.
import { invalidParams } from "@/lib/api/errors";
import { countFacets } from "@/lib/data/edits";
import { filterFromParams } from "@/lib/schemas/edit-filter-params";

export async function GET(request: Request) {
  const filter = filterFromParams(new URL(request.url).searchParams);
  if (!filter.ok) return invalidParams(filter.problems);
  return Response.json(await countFacets(filter.filter));
}
