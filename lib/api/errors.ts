import type { ParamProblem } from "../schemas/edit-filter-params";

// Errors of the JSON API, as { error: { code, message } } with the matching status.
export function invalidParams(problems: ParamProblem[]): Response {
  const message = problems.map((problem) => `${problem.param}: ${problem.message}`).join("; ");
  return Response.json({ error: { code: "INVALID_INPUT", message } }, { status: 400 });
}
