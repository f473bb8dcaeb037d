// POST /api/reviews/<id>/undo: restores the state before review <id>, by a new review,
// while <id> is still its edit's newest (409 otherwise, naming the one after it).
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { undoReview } from "@/lib/curation/reviews";
import { curate } from "@/lib/data/review";
import { ID_RULE, parseId } from "@/lib/schemas/id";

type Context = { params: Promise<{ id: string }> };

export const POST = routeHandler("undo", async (request: Request, { params }: Context) => {
  const user = await requireUser("ANNOTATOR", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const review = await curate((client) => undoReview(client, user.id, id));
  return Response.json(review, { status: 201 });
});
