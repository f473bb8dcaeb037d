import fs from "node:fs";

import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

import { serveSession } from "./session-server";

// The embedded PostgreSQL used when no DATABASE_URL is set: PGlite (Postgres compiled
// to WebAssembly) served on a local port, so Prisma, pg and Next.js talk to it exactly
// as to a server. One process owns a data folder; others connect through the port.

// The app's pool, a CLI and the migration engine each hold connections; one is the default.
const MAX_CONNECTIONS = 20;

export type EmbeddedPostgres = { url: string; stop: () => Promise<void> };

// dataDir undefined: an in-memory database, gone when stopped (tests, shadow databases).
// port 0: any free port.
export async function startEmbeddedPostgres(options: { dataDir?: string; port: number }): Promise<EmbeddedPostgres> {
  if (options.dataDir) fs.mkdirSync(options.dataDir, { recursive: true });
  // Extensions the migrations create must be loaded into the WebAssembly build up front.
  const db = await PGlite.create({ dataDir: options.dataDir, extensions: { pg_trgm } });
  const server = await serveSession(db, { port: options.port, host: "127.0.0.1", maxConnections: MAX_CONNECTIONS }).catch(async (error: NodeJS.ErrnoException) => {
    await db.close();
    if (error.code === "EADDRINUSE") throw new Error(`Port ${options.port} is taken: another program listens there. Set EMBEDDED_DB_PORT to a free port.`);
    throw error;
  });
  return {
    url: `postgresql://postgres@127.0.0.1:${server.port}/postgres`,
    stop: async () => {
      await server.close();
      await db.close();
    },
  };
}
