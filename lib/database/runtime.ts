import path from "node:path";

import { dataDir, embeddedDatabaseUrl, env } from "../env";
import { ensureDatabase, isAnswering } from "./connection";
import { startEmbeddedPostgres } from "./embedded";
import { migrateDatabase } from "./migrate";

export type OpenDatabase = {
  url: string;
  // How the database was reached, for the one line the CLI prints.
  description: string;
  close: () => Promise<void>;
};

export const embeddedDataDir = () => path.join(dataDir(), "pglite");

// The database the CLI works on, migrated: the DATABASE_URL server when set; else the
// embedded one, through the port of the process already serving it, or opened here.
export async function openDatabase(): Promise<OpenDatabase> {
  const { DATABASE_URL: serverUrl, EMBEDDED_DB_PORT: port } = env();
  if (serverUrl) {
    await ensureDatabase(serverUrl);
    await migrateDatabase(serverUrl);
    return { url: serverUrl, description: `PostgreSQL at ${new URL(serverUrl).host}`, close: async () => {} };
  }
  const url = embeddedDatabaseUrl();
  if (await isAnswering(url)) {
    await migrateDatabase(url);
    return { url, description: `the embedded database served on port ${port}`, close: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dataDir: embeddedDataDir(), port });
  try {
    await migrateDatabase(embedded.url);
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  return { url: embedded.url, description: `the embedded database in ${path.relative(process.cwd(), embeddedDataDir())}`, close: embedded.stop };
}
