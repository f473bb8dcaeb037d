// POST /api/reviews, body { editId, verdict, scores?, note?, after }: one human verdict,
// made against the version `after` (the edit's newest review id the annotator saw, or
// null). 201 with the stored review; 409 with details.current when another came first.
import { readJson } from "@/lib/api/body";
import { routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { recordReview } from "@/lib/curation/reviews";
import { curate } from "@/lib/data/review";
import { reviewBody } from "@/lib/schemas/review";

export const POST = routeHandler("review", async (request: Request) => {
  const user = await requireUser("ANNOTATOR", request.headers);
  const body = await readJson(request, reviewBody);
  const review = await curate((client) => recordReview(client, user.id, body));
  return Response.json(review, { status: 201 });
});
