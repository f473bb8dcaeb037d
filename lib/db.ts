import "server-only";

import { databaseUrl } from "./env";
import type { PrismaClient } from "./generated/prisma/client";
import { createPrismaClient } from "./prisma-client";

// The app's one Prisma client. Kept on globalThis so that dev-server reloads do not
// open a new pool each time.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const db = globalForPrisma.prisma ?? createPrismaClient(databaseUrl());

if (process.env.NODE_ENV !== "production") globalForPrisma.prisma = db;
