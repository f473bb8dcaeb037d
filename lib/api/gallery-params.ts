import { FILTER_PARAMS, filterFromParams } from "../schemas/edit-filter-params";
import { checkParams, GALLERY_PARAMS, galleryPageFromParams } from "../schemas/page-params";
import { invalidInput } from "./errors";

// A gallery view in a request's query, as /api/edits and /api/edits/<id> read it: the filter
// and the page (sort, seed, cursor, limit). An unknown or repeated param is refused before
// any value is read; then every problem of the values at once.
export function galleryView(query: URLSearchParams) {
  const unread = checkParams(query, [...FILTER_PARAMS, ...GALLERY_PARAMS]);
  if (unread.length) throw invalidInput(unread);
  const filter = filterFromParams(query);
  const page = galleryPageFromParams(query);
  if (!filter.ok || !page.ok)
    throw invalidInput([...(filter.ok ? [] : filter.problems), ...(page.ok ? [] : page.problems)]);
  return { filter: filter.filter, page: page.page };
}
