import { execFile, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";

import { copyRows } from "./copy";
import { openEmbeddedPostgres } from "./embedded";
import { readRunningServer } from "./embedded-address";

// The embedded PostgreSQL: a real server, started from a data folder, shared by the processes
// that open the same folder, kept across restarts, and started as root from folders that the
// postgres user cannot enter, as a checkout under /root is.

const run = promisify(execFile);
const folders: string[] = [];
const isRoot = process.getuid?.() === 0;

afterAll(() => {
  for (const folder of folders) fs.rmSync(folder, { recursive: true, force: true });
});

function tempFolder(mode = 0o700): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-embedded-"));
  fs.chmodSync(folder, mode);
  folders.push(folder);
  return folder;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

async function queryOnce<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = await connect(url);
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("embedded PostgreSQL", () => {
  it("gives each connection its own transaction, and takes COPY and pg_trgm", async () => {
    const embedded = await openEmbeddedPostgres(tempFolder(), { temporary: true });
    const [a, b] = await Promise.all([connect(embedded.url), connect(embedded.url)]);
    try {
      expect((await a.query<{ version: string }>("SELECT version()")).rows[0]?.version).toMatch(/^PostgreSQL 18\./);
      await a.query("CREATE TABLE note (id int PRIMARY KEY, body text)");
      // A holds a transaction open while B writes and commits: one shared session could not.
      await a.query("BEGIN");
      await a.query("INSERT INTO note VALUES (1, 'from a')");
      await copyRows(
        b,
        "note",
        ["id", "body"],
        [
          [2, "from b\twith a tab"],
          [3, null],
        ],
      );
      expect((await b.query("SELECT id FROM note ORDER BY id")).rows).toEqual([{ id: 2 }, { id: 3 }]);
      await a.query("COMMIT");
      expect((await b.query("SELECT id, body FROM note ORDER BY id")).rows).toEqual([
        { id: 1, body: "from a" },
        { id: 2, body: "from b\twith a tab" },
        { id: 3, body: null },
      ]);
      await a.query("CREATE EXTENSION pg_trgm");
      expect((await a.query("SELECT similarity('golden light', 'golden lights') > 0.5 AS close")).rows).toEqual([
        { close: true },
      ]);
    } finally {
      await Promise.all([a.end(), b.end()]);
      await embedded.stop();
    }
  });

  it("lets a second opener of the folder use the running server, keeps the data, and starts afresh once the folder is deleted", async () => {
    const dataDir = path.join(tempFolder(), "data");
    const first = await openEmbeddedPostgres(dataDir);
    try {
      await queryOnce(first.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (42)");
      const second = await openEmbeddedPostgres(dataDir);
      expect(second).toMatchObject({ url: first.url, isOwned: false });
      expect(readRunningServer(dataDir)?.url).toBe(first.url);
    } finally {
      await first.stop();
    }
    expect(readRunningServer(dataDir)).toBeUndefined();

    const reopened = await openEmbeddedPostgres(dataDir);
    try {
      expect(await queryOnce(reopened.url, "SELECT n FROM kept")).toEqual([{ n: 42 }]);
    } finally {
      await reopened.stop();
    }

    fs.rmSync(dataDir, { recursive: true });
    const fresh = await openEmbeddedPostgres(dataDir, { temporary: true });
    try {
      expect(await queryOnce(fresh.url, "SELECT to_regclass('kept') AS kept")).toEqual([{ kept: null }]);
    } finally {
      await fresh.stop();
    }
  });

  it("stops with one line naming the folder when its data folder is not PostgreSQL's", async () => {
    const dataDir = tempFolder(0o755);
    fs.mkdirSync(path.join(dataDir, "postgres"));
    fs.writeFileSync(path.join(dataDir, "postgres", "notes.txt"), "not a database");
    await expect(openEmbeddedPostgres(dataDir)).rejects.toThrow(
      new RegExp(
        `^Creating the embedded database in ${path.join(dataDir, "postgres")} failed: directory ".+" exists but is not empty$`,
      ),
    );
  });
});

// A checkout of the project in folder: its sources copied, node_modules hard-linked (same files,
// reached through a new path), so that the folder's own mode decides who can reach them.
function checkoutIn(folder: string): string {
  const checkout = path.join(folder, "checkout");
  fs.mkdirSync(checkout);
  for (const entry of ["package.json", "tsconfig.json", "prisma.config.ts", "lib", "scripts", "prisma"])
    fs.cpSync(entry, path.join(checkout, entry), { recursive: true });
  const linked = spawnSync("cp", ["-al", "node_modules", path.join(checkout, "node_modules")], { encoding: "utf8" });
  if (linked.status !== 0) throw new Error(`cp -al node_modules failed: ${linked.stderr}`);
  return checkout;
}

// The demo command as a user runs it from a checkout, on the embedded database in its .data.
async function demoIn(checkout: string, user?: { uid: number; gid: number }) {
  const env = { ...process.env, DATABASE_URL: "", DATA_DIR: "", IMAGE_ROOT: "", HOME: os.tmpdir() };
  return run(path.join(checkout, "node_modules/.bin/tsx"), ["scripts/demo.ts", "--tasks", "3"], {
    cwd: checkout,
    env,
    ...user,
  });
}

describe.runIf(isRoot)("embedded PostgreSQL started by root", () => {
  // In the project's own folder, so node_modules can be hard-linked (one file system).
  const projectFolder = (mode: number) => {
    fs.mkdirSync(".data", { recursive: true });
    const folder = fs.mkdtempSync(path.join(path.resolve(".data"), "checkout-"));
    fs.chmodSync(folder, mode);
    folders.push(folder);
    return folder;
  };

  it("starts from a checkout the postgres user cannot enter, and keeps its data there by a link", async () => {
    const checkout = checkoutIn(projectFolder(0o700));
    const { stdout } = await demoIn(checkout);
    expect(stdout).toMatch(/^Demo data in the embedded PostgreSQL in \.data: 3 tasks, /);
    const link = path.join(checkout, ".data", "postgres");
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.existsSync(path.join(link, "PG_VERSION"))).toBe(true);
    // A second run finds the same database, with the demo in it.
    await expect(demoIn(checkout)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("already holds 3 tasks"),
    });
  });

  const nobody = spawnSync("id", ["-u", "nobody"], { encoding: "utf8" });
  const canNobodyReachProject =
    nobody.status === 0 &&
    // By its absolute path: a relative one needs only the working folder, and a checkout
    // inside a folder of mode 700 (mktemp -d) is out of reach for nobody all the same.
    spawnSync("test", ["-r", path.resolve("package.json")], { uid: Number(nobody.stdout), gid: Number(nobody.stdout) })
      .status === 0;

  it.runIf(canNobodyReachProject)("starts for a user who is not root, as that user", async () => {
    const uid = Number(nobody.stdout);
    const gid = Number(spawnSync("id", ["-g", "nobody"], { encoding: "utf8" }).stdout);
    const checkout = checkoutIn(projectFolder(0o755));
    fs.mkdirSync(path.join(checkout, ".data"));
    fs.chownSync(path.join(checkout, ".data"), uid, gid);
    const { stdout } = await demoIn(checkout, { uid, gid });
    expect(stdout).toMatch(/^Demo data in the embedded PostgreSQL in \.data: 3 tasks, /);
    expect(fs.statSync(path.join(checkout, ".data", "postgres", "PG_VERSION")).uid).toBe(uid);
  });
});
