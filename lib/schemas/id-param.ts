// The ids of every table are PostgreSQL integers (int4): an id outside 1..INT4_MAX names
// no row, and sent to the database it fails the query ("out of range for type integer").
export const INT4_MAX = 2_147_483_647;

export const ID_PARAM_RULE = `must be a whole number from 1 to ${INT4_MAX}`;

// An id as written in a path segment or a query: digits only (no sign, exponent, spaces
// or hex, which Number() would read), in the int4 range; null for anything else.
export function parseIdParam(raw: string): number | null {
  if (!/^[0-9]{1,10}$/.test(raw)) return null;
  const id = Number(raw);
  return id >= 1 && id <= INT4_MAX ? id : null;
}
