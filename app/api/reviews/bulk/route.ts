// POST /api/reviews/bulk, body { verdict, note?, editIds } or { verdict, note?, filter }:
// one verdict for a gallery selection, or for every edit under a filter (the gallery's
// query string) up to BULK_LIMIT, in one transaction with one undo.
import { readJson } from "@/lib/api/body";
import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { BULK_LIMIT, bulkReview } from "@/lib/curation/bulk";
import { curate } from "@/lib/data/review";
import { editIdsUnder } from "@/lib/data/review-bulk";
import { FILTER_PARAMS, filterFromParams } from "@/lib/schemas/edit-filter-params";
import { checkParams } from "@/lib/schemas/page-params";
import { bulkBody } from "@/lib/schemas/review";

const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);

export const POST = routeHandler("bulk review", async (request: Request) => {
  const user = await requireUser("ANNOTATOR", request.headers);
  const body = await readJson(request, bulkBody);
  let editIds = body.editIds;
  let filter = null;
  if (body.filter !== undefined) {
    const params = new URLSearchParams(body.filter);
    const unread = checkParams(params, FILTER_PARAMS);
    const parsed = filterFromParams(params);
    if (unread.length || !parsed.ok)
      throw invalidInput(
        [...unread, ...(parsed.ok ? [] : parsed.problems)].map((p) => ({ ...p, param: `filter.${p.param}` })),
      );
    filter = parsed.filter;
    const under = await editIdsUnder(filter, BULK_LIMIT);
    if (under.count > BULK_LIMIT)
      throw new AppError(
        "INVALID_INPUT",
        `The filter matches ${formatCount(under.count)} edits, over the limit of ${formatCount(BULK_LIMIT)} for one bulk verdict; narrow it.`,
        { count: under.count, limit: BULK_LIMIT },
      );
    editIds = under.ids;
  }
  if (!editIds?.length) throw new AppError("INVALID_INPUT", "No edits match: nothing was reviewed.");
  const ids = editIds;
  const batch = await curate((client) =>
    bulkReview(client, user.id, { editIds: ids, verdict: body.verdict, note: body.note ?? null, filter }),
  );
  return Response.json(batch, { status: 201 });
});
