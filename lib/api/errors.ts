import type { ParamProblem } from "../schemas/edit-filter-params";

// Errors of the JSON API, as { error: { code, message } } with the matching status.
export function apiError(status: number, code: string, message: string, headers?: HeadersInit): Response {
  return Response.json({ error: { code, message } }, { status, headers });
}

export function invalidParams(problems: ParamProblem[]): Response {
  const message = problems.map((problem) => `${problem.param}: ${problem.message}`).join("; ");
  return apiError(400, "INVALID_INPUT", message);
}
