// GET /api/reviews/queue?<gallery filter>&band_min=&band_max=: how many edits under the
// filter still need a first human verdict, and the annotator's reviews in the last hour.
import { routeHandler } from "@/lib/api/errors";
import { queueView } from "@/lib/api/queue-params";
import { requireUser } from "@/lib/auth/session";
import { queueProgress } from "@/lib/data/review";

export const GET = routeHandler("review queue", async (request: Request) => {
  const user = await requireUser("ANNOTATOR", request.headers);
  const view = queueView(request);
  return Response.json(await queueProgress(view.filter, view.band, user.id));
});
