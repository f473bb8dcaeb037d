import "server-only";

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

import { databaseUrl, env, InvalidEnvironmentError } from "./env";
import { PrismaClient } from "./generated/prisma/client";

// The app's one Prisma client, made on first use rather than at import: `next build` imports
// the data layer with no database running. Kept on globalThis so that dev-server reloads do
// not open a new pool each time. Prisma 7 talks to PostgreSQL through the pg adapter; every
// statement the web app sends stops after STATEMENT_TIMEOUT_MS, so that a request that asks
// too much ends in a clear 503 (lib/api/errors.ts) rather than hanging.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient; writes?: pg.Pool };

// The database the app reads, for the few readers that need a pg connection of their own.
export function appDatabaseUrl(): string {
  const url = databaseUrl();
  if (!url) {
    throw new InvalidEnvironmentError(
      "No database: DATABASE_URL is not set and no embedded PostgreSQL is running. Start the app with npm start, or set DATABASE_URL.",
    );
  }
  return url;
}

function client(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  const adapter = new PrismaPg({
    connectionString: appDatabaseUrl(),
    max: 10,
    statement_timeout: env().STATEMENT_TIMEOUT_MS,
  });
  globalForPrisma.prisma = new PrismaClient({ adapter });
  return globalForPrisma.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_, key) {
    const target = client();
    const value = Reflect.get(target, key);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

// The app's pg pool. The curation writes run their transactions on it (lib/curation takes a
// pg client, as the import does): a review is a few statements under row locks, which
// Prisma's interactive transactions would spread over more round trips. The gallery's reads
// send their SQL through it too: a page of 61 cards took 6.1 ms through Prisma's raw query
// and 2.9 ms through pg (bench:peer's database, p50 of 25).
export function pgPool(): pg.Pool {
  if (globalForPrisma.writes) return globalForPrisma.writes;
  const pool = new pg.Pool({
    connectionString: appDatabaseUrl(),
    max: 10,
    statement_timeout: env().STATEMENT_TIMEOUT_MS,
  });
  // An idle connection the server ends (a restart, say) is dropped from the pool and the
  // next write opens another; unhandled, its error would end the process.
  pool.on("error", (error) => console.error(`a write connection ended: ${error.message}`));
  globalForPrisma.writes = pool;
  return pool;
}
