// POST /api/reviews/batches/<id>/undo: restores every edit of a bulk verdict to its state
// before it, in one transaction, while none was reviewed since (409 otherwise).
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { undoBatch } from "@/lib/curation/bulk";
import { curate } from "@/lib/data/review";
import { ID_RULE, parseId } from "@/lib/schemas/id";

type Context = { params: Promise<{ id: string }> };

export const POST = routeHandler("bulk undo", async (request: Request, { params }: Context) => {
  const user = await requireUser("ANNOTATOR", request.headers);
  const id = parseId((await params).id);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  return Response.json(await curate((client) => undoBatch(client, user.id, id)), { status: 201 });
});
