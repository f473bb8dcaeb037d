// GET /api/taxonomy/what-if: pass counts per edit type and category under another
// threshold and weights (lib/schemas/what-if-params.ts), computed without writing.
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { countWhatIfPasses } from "@/lib/data/taxonomy-scores";
import { whatIfFromParams } from "@/lib/schemas/what-if-params";
import { requireRole } from "@/lib/auth/session";

export const GET = routeHandler("what-if counts", async (request: Request) => {
  await requireRole("VIEWER", request.headers);
  const parsed = whatIfFromParams(new URL(request.url).searchParams);
  if (!parsed.ok) throw invalidInput(parsed.problems);
  return Response.json({ rule: parsed.whatIf, ...(await countWhatIfPasses(parsed.whatIf)) });
});
