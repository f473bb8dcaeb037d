import type { ParamProblem } from "../schemas/edit-filter-params";

// The app's one error path. Expected failures throw an AppError with a code; routeHandler()
// turns it (and PostgreSQL's statement timeout) into `{ error: { code, message } }` with the
// matching status, and logs anything unexpected with a request id that the 500 answer names.

export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  RANGE_NOT_SATISFIABLE: 416,
  UNREADABLE: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

// details: more for the client to act on, sent beside the message (a 409 names the
// version that won, say).
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const invalidInput = (problems: ParamProblem[]) =>
  new AppError("INVALID_INPUT", problems.map((problem) => `${problem.param}: ${problem.message}`).join("; "));

// PostgreSQL's code for a statement cancelled by statement_timeout (or a cancel request).
const QUERY_CANCELED = "57014";

function isStatementTimeout(error: unknown): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (code === QUERY_CANCELED || (typeof message === "string" && message.includes("statement timeout"))) return true;
  }
  return false;
}

// What an error means for a person: an AppError as it is, a statement timeout as 503 naming
// the view, anything else as a 500 that names the request id the log has the details under.
function toAppError(error: unknown, view: string, requestId: string): AppError {
  if (error instanceof AppError) return error;
  if (isStatementTimeout(error)) {
    return new AppError(
      "UNAVAILABLE",
      `The ${view} took longer than the database allows (STATEMENT_TIMEOUT_MS) and was stopped; try a narrower filter, or again later.`,
    );
  }
  console.error(`[${requestId}] ${view}:`, error);
  return new AppError("INTERNAL", `Something went wrong on the server (request ${requestId}).`);
}

// headers: more of them, as a 416 names the file's size in Content-Range.
export function errorResponse(
  error: AppError,
  { requestId, headers }: { requestId?: string; headers?: HeadersInit } = {},
): Response {
  const all = new Headers(headers);
  if (requestId) all.set("x-request-id", requestId);
  return Response.json(
    { error: { code: error.code, message: error.message, ...(error.details && { details: error.details }) } },
    { status: error.status, headers: all },
  );
}

// Wraps a route handler: what it throws becomes the JSON error of errorResponse.
export function routeHandler<Args extends unknown[]>(
  view: string,
  handler: (request: Request, ...args: Args) => Promise<Response>,
): (request: Request, ...args: Args) => Promise<Response> {
  return async (request, ...args) => {
    const requestId = request.headers.get("x-request-id") ?? crypto.randomUUID();
    try {
      return await handler(request, ...args);
    } catch (error) {
      return errorResponse(toAppError(error, view, requestId), { requestId });
    }
  };
}
