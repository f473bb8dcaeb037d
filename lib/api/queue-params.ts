import { FILTER_PARAMS, filterFromParams } from "../schemas/edit-filter-params";
import { checkParams } from "../schemas/page-params";
import { BAND_PARAMS, bandFromParams } from "../schemas/review";
import { invalidInput } from "./errors";

// The review queue's view in a request's query: the gallery's filter and the band.
export function queueView(request: Request) {
  const query = new URL(request.url).searchParams;
  const unread = checkParams(query, [...FILTER_PARAMS, ...BAND_PARAMS]);
  const filter = filterFromParams(query);
  const band = bandFromParams(query);
  if (unread.length || !filter.ok || !band.ok)
    throw invalidInput([...unread, ...(filter.ok ? [] : filter.problems), ...(band.ok ? [] : band.problems)]);
  return { filter: filter.filter, band: band.band };
}
