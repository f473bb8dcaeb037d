import { PrismaPg } from "@prisma/adapter-pg";

import { PrismaClient } from "../generated/prisma/client";

// Prisma 7 has no query engine of its own: it talks to Postgres through the pg adapter.
// A pool of 10 leaves room on the embedded database (20 connections) for the CLI.
export function createPrismaClient(url: string): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });
}
