// Ids are PostgreSQL integers: 1 to 2^31 - 1. A larger one would fail in the database
// rather than find nothing, so every id a request carries is checked against this first.
export const MAX_ID = 2_147_483_647;

// An id written as digits, within the column's range, or null.
export function parseId(raw: string): number | null {
  return /^[1-9]\d{0,9}$/.test(raw) && Number(raw) <= MAX_ID ? Number(raw) : null;
}
