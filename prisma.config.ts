import path from "node:path";
import { defineConfig } from "prisma/config";

import { databaseUrl } from "./lib/env";

// Every schema command runs Prisma's WebAssembly schema engine (prisma/engine): the native
// one is a download that machines without internet cannot make, and one engine everywhere
// means one behaviour to test. A PRISMA_SCHEMA_ENGINE_BINARY set by the user still wins.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(process.cwd(), "prisma/engine/schema-engine.mjs");

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx scripts/demo.ts" },
  datasource: {
    // DATABASE_URL, else the embedded database while `npm start` (or any command) runs it.
    // `npm run db:migrate` and `db:deploy` start it themselves.
    url: databaseUrl(),
    // Only for a server where Prisma cannot create its temporary shadow database itself.
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
