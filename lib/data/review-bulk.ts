import "server-only";

import { db } from "../db";
import type { EditFilter } from "../schemas/edit-filter";
import { editFilterWhere } from "../sql/edit-filter";

// The ids of the edits under a filter, when there are at most `limit`; else only how many
// there are (counted up to limit + 1, which is all a refusal needs to say it is over).
export async function editIdsUnder(filter: EditFilter, limit: number): Promise<{ count: number; ids: number[] }> {
  const where = editFilterWhere(filter);
  const from = `"Edit" e${where.usesTask ? ` JOIN "Task" t ON t."id" = e."taskId"` : ""}`;
  const rows = await db.$queryRawUnsafe<{ id: number }[]>(
    `SELECT e."id" FROM ${from} WHERE ${where.text} ORDER BY e."id" LIMIT ${limit + 1}`,
    ...where.values,
  );
  if (rows.length <= limit) return { count: rows.length, ids: rows.map((row) => row.id) };
  const [total] = await db.$queryRawUnsafe<{ count: number }[]>(
    `SELECT count(*)::int AS count FROM ${from} WHERE ${where.text}`,
    ...where.values,
  );
  return { count: total?.count ?? rows.length, ids: [] };
}
