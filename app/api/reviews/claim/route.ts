// POST /api/reviews/claim?<gallery filter>&band_min=&band_max=, body { size, skip }: the
// annotator's claims on the review queue topped up to `size`, with what the review page
// shows of each edit. skip: edits passed over in this session, given back to the queue.
import { readJson } from "@/lib/api/body";
import { routeHandler } from "@/lib/api/errors";
import { queueView } from "@/lib/api/queue-params";
import { requireUser } from "@/lib/auth/session";
import { claimNext } from "@/lib/curation/queue";
import { curate, getReviewItems } from "@/lib/data/review";
import { claimBody } from "@/lib/schemas/review";

export const POST = routeHandler("review queue", async (request: Request) => {
  const user = await requireUser("ANNOTATOR", request.headers);
  const view = queueView(request);
  const body = await readJson(request, claimBody);
  const ids = await curate((client) => claimNext(client, user.id, { ...view, skip: body.skip }, body.size), "claim");
  return Response.json({ items: await getReviewItems(ids, user.id) });
});
