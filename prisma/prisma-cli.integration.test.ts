import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createTestDatabase, type TestDatabase } from "../lib/testing/test-database";

// Every Prisma schema command the project relies on, through prisma.config.ts and the
// WebAssembly schema engine, on a copy of the project (migrate dev writes migrations).
const run = promisify(execFile);
const root = process.cwd();
let project: string;
let database: TestDatabase;

async function prisma(...args: string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: database.url, PRISMA_HIDE_UPDATE_MESSAGE: "1" };
  // The project's config must choose the engine by itself.
  delete env.PRISMA_SCHEMA_ENGINE_BINARY;
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(root, "node_modules/prisma/build/index.js"), ...args],
      { cwd: project, env },
    );
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, output: stdout + stderr };
  }
}

async function query<T extends pg.QueryResultRow>(sql: string) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), "pico-prisma-"));
  for (const entry of [
    "prisma.config.ts",
    "lib/env.ts",
    "lib/postgres/embedded-address.ts",
    "prisma/schema.prisma",
    "prisma/migrations",
    "prisma/engine",
  ]) {
    fs.cpSync(path.join(root, entry), path.join(project, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, "node_modules"), path.join(project, "node_modules"));
  database = await createTestDatabase("prisma_cli", process.env.TEST_SERVER_URL || undefined);
});

afterAll(async () => {
  await database?.drop();
  fs.rmSync(project, { recursive: true, force: true });
});

describe("prisma CLI without the native engine download", () => {
  it("generates the client", async () => {
    const result = await prisma("generate");
    expect(result.output, result.output).toContain("Generated Prisma Client");
    expect(fs.existsSync(path.join(project, "lib/generated/prisma/client.ts"))).toBe(true);
  });

  it("reports pending migrations, deploys them, then reports the database up to date", async () => {
    const pending = await prisma("migrate", "status");
    expect(pending.code).toBe(1);
    expect(pending.output).toContain("have not yet been applied");

    const deploy = await prisma("migrate", "deploy");
    expect(deploy.code, deploy.output).toBe(0);
    expect(deploy.output).toContain("All migrations have been successfully applied.");
    expect(await query<{ n: number }>(`SELECT count(*)::int AS n FROM "EditType"`)).toEqual([{ n: 35 }]);

    const status = await prisma("migrate", "status");
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain("Database schema is up to date!");
  });

  it("finds no difference between the migrations, the schema and the database", async () => {
    const fromMigrations = await prisma(
      "migrate",
      "diff",
      "--from-migrations",
      "prisma/migrations",
      "--to-schema",
      "prisma/schema.prisma",
      "--script",
    );
    expect(fromMigrations.code, fromMigrations.output).toBe(0);
    expect(fromMigrations.output).toContain("-- This is an empty migration.");
    const fromDatabase = await prisma(
      "migrate",
      "diff",
      "--from-config-datasource",
      "--to-schema",
      "prisma/schema.prisma",
      "--exit-code",
    );
    expect(fromDatabase.code, fromDatabase.output).toBe(0);
  });

  it("turns a schema change into a new migration with migrate dev and applies it", async () => {
    fs.appendFileSync(
      path.join(project, "prisma/schema.prisma"),
      "\nmodel Probe {\n  id    Int    @id @default(autoincrement())\n  label String\n}\n",
    );
    const drift = await prisma(
      "migrate",
      "diff",
      "--from-config-datasource",
      "--to-schema",
      "prisma/schema.prisma",
      "--exit-code",
    );
    expect(drift.code).toBe(2);

    const dev = await prisma("migrate", "dev", "--name", "probe");
    expect(dev.code, dev.output).toBe(0);
    expect(dev.output).toContain("Your database is now in sync with your schema.");
    const created = fs.readdirSync(path.join(project, "prisma/migrations")).find((name) => name.endsWith("_probe"));
    expect(created).toBeDefined();
    expect(
      fs.readFileSync(path.join(project, "prisma/migrations", created as string, "migration.sql"), "utf8"),
    ).toContain('CREATE TABLE "Probe"');
    expect(await query<{ n: number }>(`SELECT count(*)::int AS n FROM "Probe"`)).toEqual([{ n: 0 }]);
    // The taxonomy rows of the earlier migrations survived: migrate dev did not reset.
    expect(await query<{ n: number }>(`SELECT count(*)::int AS n FROM "EditType"`)).toEqual([{ n: 35 }]);
  });

  it("leaves no temporary shadow database behind", async () => {
    const left = await query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`,
    );
    expect(left).toEqual([]);
  });
});
