import { execFile } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { signInRequest } from "../lib/testing/sessions";
import { createTestDatabase } from "../lib/testing/test-database";

// The command-line entry points, run as a user runs them, each in a folder of its own.
const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function demo(args: string[], env: Record<string, string>) {
  return cli("scripts/demo.ts", args, env);
}

async function cli(script: string, args: string[], env: Record<string, string>) {
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe("npm run demo", () => {
  it("prints usage and exits 2 on a bad flag or value", async () => {
    const unknown = await demo(["--taks", "5"], {});
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--taks'");
    expect(unknown.stderr).toContain("Usage: npm run demo -- [--tasks N] [--seed S] [--reset]");
    const notNumber = await demo(["--tasks", "many"], {});
    expect(notNumber.code).toBe(2);
    expect(notNumber.stderr).toContain('--tasks must be an integer of at least 1, got "many"');
  });

  it("names host and port in one line when DATABASE_URL does not answer", async () => {
    const port = await freePort();
    const result = await demo(["--tasks", "5"], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/pico` });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `demo: Cannot reach PostgreSQL at 127.0.0.1:${port} (DATABASE_URL): connection refused (is PostgreSQL running there?)`,
    );
  });

  it("creates the embedded database on first use, keeps it, and does not seed over it", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pico-embedded-"));
    folders.push(dataDir);
    const env = { DATABASE_URL: "", IMAGE_ROOT: "", DATA_DIR: dataDir };

    const first = await demo(["--tasks", "12", "--seed", "3"], env);
    expect(first.stderr).toBe("");
    expect(first.stdout).toMatch(/^Demo data in the embedded PostgreSQL in .+: 12 tasks, \d+ edits/);
    expect(fs.existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
    expect(fs.readdirSync(path.join(dataDir, "images", "demo", "source")).length).toBeGreaterThan(0);

    const second = await demo(["--tasks", "12"], env);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("already holds 12 tasks; run with --reset");

    const reset = await demo(["--tasks", "7", "--reset"], env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain(": 7 tasks,");
  });

  it("gives the same data for the same seed", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pico-seed-"));
    folders.push(dataDir);
    const snapshot = async () => {
      const env = { DATABASE_URL: "", IMAGE_ROOT: "", DATA_DIR: dataDir };
      const result = await demo(["--tasks", "15", "--seed", "42", "--reset"], env);
      expect(result.code, result.stderr).toBe(0);
      return result.stdout.replace(/ in [\d.]+ s\.\n$/, "");
    };
    const first = await snapshot();
    const imagesFirst = fs.readFileSync(
      path.join(
        dataDir,
        "images",
        "demo",
        "edit",
        fs.readdirSync(path.join(dataDir, "images", "demo", "edit"))[0] as string,
      ),
    );
    expect(await snapshot()).toBe(first);
    const imagesSecond = fs.readFileSync(
      path.join(
        dataDir,
        "images",
        "demo",
        "edit",
        fs.readdirSync(path.join(dataDir, "images", "demo", "edit"))[0] as string,
      ),
    );
    expect(imagesSecond.equals(imagesFirst)).toBe(true);
  });
});

describe("npm start", () => {
  it("stops with one line naming host and port when DATABASE_URL does not answer", async () => {
    const port = await freePort();
    const result = await cli("scripts/start.ts", [], { DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/pico` });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim()).toBe(
      `Cannot reach PostgreSQL at 127.0.0.1:${port} (DATABASE_URL): connection refused (is PostgreSQL running there?)`,
    );
  });

  it("stops with one line when DATABASE_URL is set and BETTER_AUTH_SECRET is not", async () => {
    const result = await cli("scripts/start.ts", [], { BETTER_AUTH_SECRET: "" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "BETTER_AUTH_SECRET is not set: with DATABASE_URL the app needs a secret of at least 32 characters to sign sessions (make one with: openssl rand -base64 32).",
    );
  });

  it("stops with one line naming a malformed variable", async () => {
    const result = await cli("scripts/start.ts", [], { DATABASE_URL: "mysql://root@127.0.0.1/pico", PORT: "80a" });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      "Invalid environment: DATABASE_URL: must be a postgresql:// URL; PORT: must be a port number",
    );
  });
});

describe("npm run import", () => {
  it("names a missing file or a folder in one line and exits 2", async () => {
    const missing = await cli("scripts/import.ts", ["no-such-file.jsonl"], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("import: no-such-file.jsonl: no such file");
    const folder = await cli("scripts/import.ts", ["lib/import/fixtures"], {});
    expect(folder.code).toBe(2);
    expect(folder.stderr.trim()).toBe("import: lib/import/fixtures: is a directory, not a JSONL file");
  });

  it("prints usage and exits 2 on a bad flag or kind", async () => {
    const kind = await cli("scripts/import.ts", ["--kind", "sfts", "lib/import/fixtures/sft.jsonl"], {});
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('--kind must be one of sft, preference, multi-turn, got "sfts"');
    expect(kind.stderr).toContain("Usage: npm run import --");
    const none = await cli("scripts/import.ts", [], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("import: no file given");
  });

  it("reports bad lines as file:line: reason on stderr and exits 1", async () => {
    // A database of its own: the run's shared one must keep the demo as its last import.
    const database = await createTestDatabase("cli_import", process.env.TEST_SERVER_URL || undefined);
    try {
      const result = await cli("scripts/import.ts", ["lib/import/fixtures/preference.jsonl"], {
        DATABASE_URL: database.url,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        'lib/import/fixtures/preference.jsonl:3: "rejected_images" must be a list of paths, got a string',
      );
      expect(result.stdout).toBe(
        "lib/import/fixtures/preference.jsonl: preference, 2 new, 0 already present, 1 rejected; batch #1\n",
      );
      // The planner knows what was imported: ANALYZE ran (reltuples is -1 until it does).
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ planned: number; counted: number }>(
        `SELECT (SELECT reltuples FROM pg_class WHERE oid = '"Edit"'::regclass)::int AS planned,
                (SELECT count(*) FROM "Edit")::int AS counted`,
      );
      await client.end();
      expect(rows[0]?.counted).toBeGreaterThan(0);
      expect(rows[0]?.planned).toBe(rows[0]?.counted);
    } finally {
      await database.drop();
    }
  });
});

describe("npm run user:create", () => {
  const email = `cli-user-${process.pid}@example.org`;
  const userCreate = (args: string[]) => cli("scripts/user-create.ts", args, {});
  afterAll(async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    await client.query(`DELETE FROM "User" WHERE "email" = $1`, [email]);
    await client.end();
  });

  it("makes an account that signs in with the password it prints", async () => {
    const created = await userCreate(["--email", email.toUpperCase(), "--role", "annotator"]);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(new RegExp(`^Created user #\\d+ ${email} \\(ANNOTATOR\\) on `));
    const password = /^Password: (\w{20})$/m.exec(created.stdout)?.[1];
    expect(password).toBeDefined();
    expect((await signInRequest(email, password as string)).status).toBe(200);
  });

  it("refuses a taken email, a short password and an unknown role, saying which", async () => {
    expect(
      await userCreate(["--email", email, "--role", "VIEWER", "--password", "long-enough-password"]),
    ).toMatchObject({
      code: 1,
      stderr: `user:create: email: ${email} already has an account\n`,
    });
    expect(await userCreate(["--email", "x@example.org", "--role", "VIEWER", "--password", "short"])).toMatchObject({
      code: 1,
      stderr: "user:create: password: must be at least 12 characters\n",
    });
    const role = await userCreate(["--email", "x@example.org", "--role", "boss"]);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/^user:create: --role must be one of VIEWER, ANNOTATOR, ADMIN, not "boss"/);
  });
});
