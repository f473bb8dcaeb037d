// GET /api/judges/compare?a=<judge>&b=<judge>: two judges on the edits both judged:
// agreement, kappa, mean difference per criterion, per edit type, and where they disagree.
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { compareJudges } from "@/lib/data/judges";
import type { ParamProblem } from "@/lib/schemas/edit-filter-params";

const MAX_NAME = 100;

export const GET = routeHandler("judge comparison", async (request: Request) => {
  await requireRole("VIEWER", request.headers);
  const params = new URL(request.url).searchParams;
  const problems: ParamProblem[] = (["a", "b"] as const).flatMap((param) => {
    const value = params.get(param);
    if (!value) return [{ param, message: "is missing: a judge's name" }];
    if (value.length > MAX_NAME) return [{ param, message: `is longer than ${MAX_NAME} characters` }];
    return [];
  });
  const unknown = [...params.keys()].filter((key) => key !== "a" && key !== "b");
  problems.push(...unknown.map((param) => ({ param, message: "is not a parameter here (a, b)" })));
  if (problems.length) throw invalidInput(problems);
  return Response.json(await compareJudges(params.get("a") as string, params.get("b") as string));
});
