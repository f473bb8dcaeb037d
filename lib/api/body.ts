import type { z } from "zod";

import { AppError } from "./errors";

// The JSON body of a write, checked against its schema: anything else is a 400 that says
// what is wrong and where. Only application/json is read, so that a cross-site form post
// (which cannot send that type without the browser asking first) never gets this far.
const MAX_BODY = 1_000_000;

export async function readJson<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  if (!request.headers.get("content-type")?.startsWith("application/json"))
    throw new AppError("INVALID_INPUT", "body: send JSON, with Content-Type: application/json");
  const text = await request.text();
  if (text.length > MAX_BODY) throw new AppError("TOO_LARGE", `body: larger than ${MAX_BODY} characters`);
  let json: unknown;
  try {
    json = text === "" ? {} : JSON.parse(text);
  } catch {
    throw new AppError("INVALID_INPUT", "body: not valid JSON");
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new AppError(
      "INVALID_INPUT",
      parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join(".") : "body"}: ${issue.message}`)
        .join("; "),
    );
  return parsed.data;
}
