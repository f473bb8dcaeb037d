import { withClient } from "./connection";
import { migrateDatabase } from "./migrate";

// Empties a database and applies the migrations again: a DROP of the schema, which the
// append-only trigger on reviews does not stop (it guards rows, not the table).
export async function resetDatabase(url: string): Promise<void> {
  await withClient(url, (client) => client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;"));
  await migrateDatabase(url);
}

export async function countTasks(url: string): Promise<number> {
  return withClient(url, async (client) =>
    Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM "Task"`)).rows[0]?.n ?? 0),
  );
}
