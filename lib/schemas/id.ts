import { z } from "zod";

// Ids are PostgreSQL integers: 1 to 2^31 - 1. A larger one would fail in the database
// rather than find nothing, so every id a request carries is checked against this first.
export const MAX_ID = 2_147_483_647;

export const ID_RULE = `must be a whole number from 1 to ${MAX_ID}`;

// An id as written in a path segment or a query: digits only (no sign, exponent, spaces or
// hex, which Number() would read), within the range; null for anything else.
export function parseId(raw: string): number | null {
  if (!/^[0-9]{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= MAX_ID ? id : null;
}

// The same rule for an id read by a zod schema (a filter's ids, a list's cursor).
export const idSchema = z.coerce
  .number({ error: "must be a number" })
  .int({ error: "must be an integer" })
  .positive({ error: "must be positive" })
  .max(MAX_ID, { error: `must be at most ${MAX_ID}` });
