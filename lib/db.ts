import "server-only";

import { databaseUrl, InvalidEnvironmentError } from "./env";
import type { PrismaClient } from "./generated/prisma/client";
import { createPrismaClient } from "./postgres/prisma";

// The app's one Prisma client, made on first use rather than at import: `next build` imports
// the data layer with no database running. Kept on globalThis so that dev-server reloads do
// not open a new pool each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  if (globalForPrisma.prisma) return globalForPrisma.prisma;
  const url = databaseUrl();
  if (!url)
    throw new InvalidEnvironmentError(
      "No database: DATABASE_URL is not set and no embedded PostgreSQL is running. Start the app with npm start, or set DATABASE_URL.",
    );
  globalForPrisma.prisma = createPrismaClient(url);
  return globalForPrisma.prisma;
}

export const db = new Proxy({} as PrismaClient, {
  get(_, key) {
    const target = client();
    const value = Reflect.get(target, key);
    return typeof value === "function" ? value.bind(target) : value;
  },
});
