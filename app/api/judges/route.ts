// GET /api/judges: every judge that has judged edits, with how many it judged, scored and
// passed; the active judge (null: each edit's newest judgement counts) and the progress of
// its newest change.
import { routeHandler } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { activeJudge, listJudges } from "@/lib/data/judges";

export const GET = routeHandler("judge list", async (request: Request) => {
  await requireRole("VIEWER", request.headers);
  const [items, active] = await Promise.all([listJudges(), activeJudge()]);
  return Response.json({ items, ...active });
});
