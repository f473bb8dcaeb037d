import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import type pg from "pg";

import { withClient } from "../postgres/connection";
import { openEmbeddedPostgres } from "../postgres/embedded";

// A database made for one test run: a new database on the given server (the DATABASE_URL the
// tests were started with), else a new embedded PostgreSQL in a temporary folder.

export type TestDatabase = { url: string; server: "postgres" | "embedded"; drop: () => Promise<void> };

// Tests create and drop databases: never let them near anything but this machine.
export function assertLocal(url: string) {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "::1", "[::1]"].includes(host))
    throw new Error(`Refusing to run tests against ${host}: DATABASE_URL must point at this machine`);
}

export async function createTestDatabase(label: string, serverUrl: string | undefined): Promise<TestDatabase> {
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `pico-${label}-`));
    const embedded = await openEmbeddedPostgres(dataDir, { temporary: true });
    return {
      url: embedded.url,
      server: "embedded",
      drop: async () => {
        await withClient(embedded.url, (client) => waitForDisconnects(client, new URL(embedded.url).pathname.slice(1)));
        await embedded.stop();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  assertLocal(serverUrl);
  const name = `pico_test_${label}_${process.pid}_${Date.now()}`;
  const admin = new URL(serverUrl);
  admin.pathname = "/postgres";
  await withClient(admin.toString(), (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    server: "postgres",
    drop: () =>
      withClient(admin.toString(), async (client) => {
        await waitForDisconnects(client, name);
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      }),
  };
}

// pg's Pool.end() resolves once it has asked its clients to close, not once they have: a
// DROP ... WITH (FORCE), or stopping the embedded server, at that moment terminates a
// backend whose client is still closing, and the client raises the termination as an
// uncaught error. Wait for them (2 s at most; what a test left open is then ended).
async function waitForDisconnects(client: pg.ClientBase, database: string): Promise<void> {
  for (let tries = 0; tries < 40; tries++) {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [database],
    );
    if (rows[0]?.n === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
