import path from "node:path";

import { dataDir, env } from "../env";
import { ensureDatabase } from "./connection";
import { openEmbeddedPostgres } from "./embedded";
import { migrateDatabase } from "./migrate";

export type OpenDatabase = {
  url: string;
  // How the database was reached, for the one line the CLI prints.
  description: string;
  close: () => Promise<void>;
};

// The database the app and the CLI work on, migrated unless told not to: the DATABASE_URL server when set, else
// the embedded PostgreSQL of DATA_DIR (started here, or the one another process serves).
// From here on both are the same: one PostgreSQL, the same migrations, the same COPY.
export async function openDatabase({ migrate = true } = {}): Promise<OpenDatabase> {
  const serverUrl = env().DATABASE_URL;
  if (serverUrl) {
    await ensureDatabase(serverUrl);
    if (migrate) await migrateDatabase(serverUrl);
    return { url: serverUrl, description: `PostgreSQL at ${new URL(serverUrl).host}`, close: async () => {} };
  }
  const embedded = await openEmbeddedPostgres(dataDir());
  try {
    if (migrate) await migrateDatabase(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const relative = path.relative(process.cwd(), dataDir());
  const where = relative.startsWith("..") || path.isAbsolute(relative) ? dataDir() : relative || ".";
  const description = embedded.isOwned
    ? `the embedded PostgreSQL in ${where}`
    : `the embedded PostgreSQL in ${where}, already served by another process (${new URL(embedded.url).host})`;
  return { url: embedded.url, description, close: embedded.stop };
}
