import { execFile, spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";

import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";

import { createAuth } from "../auth/config";
import { createUserAccount, UserInputError } from "../auth/users";
import { PrismaClient } from "../generated/prisma/client";
import { openEmbeddedPostgres, type EmbeddedPostgres } from "../postgres/embedded";
import { migrateDatabase } from "../postgres/migrate";
import { cookieHeaderOf, databaseOn, ensureManifests, freshDatabase, httpGet, MANIFEST_FILES } from "./bench";
import { assertLocal } from "./test-database";

// The app as the benchmarks run it: npm start's own path on the bench's database, and its
// users signed in through the real sign-in endpoint.

const run = promisify(execFile);
// Fewer edits than this in a reused database: it is not the full release, and is filled again.
const MIN_EDITS = 600_000;

async function countEdits(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  const count = await client
    .connect()
    .then(() => client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Edit"`))
    .then(
      (r) => r.rows[0]?.n ?? 0,
      () => 0,
    );
  await client.end().catch(() => undefined);
  return count;
}

// The full release of bench:browse, which bench:peer reads too: the database on a server,
// the folder of the embedded one.
export const BROWSE_RELEASE = { name: "pico_bench_browse", folder: ".data/bench/browse" } as const;

// The bench's database with the full synthetic release and its scores, imported through the
// real import CLI: the database `name` on the DATABASE_URL server, else an embedded
// PostgreSQL in `folder`. With reuse, a database that holds the release already is kept;
// either way it is migrated (a reused one may predate the newest migrations).
export async function openFullRelease(options: {
  name: string;
  folder: string;
  reuse: boolean;
  manifests?: string;
}): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  const server = process.env.DATABASE_URL || undefined;
  if (server) assertLocal(server);
  const embedded = server ? undefined : await openEmbeddedPostgres(path.resolve(options.folder));
  const url = server ? databaseOn(server, options.name) : (embedded as EmbeddedPostgres).url;
  if (!options.reuse || (await countEdits(url)) < MIN_EDITS) {
    const manifests = path.resolve(options.manifests ?? ".data/bench/manifests");
    await ensureManifests(manifests);
    if (server) await freshDatabase(server, options.name);
    process.stderr.write("Importing the full synthetic release with its scores (a few minutes)...\n");
    const files = MANIFEST_FILES.map((file) => path.join(manifests, file));
    await run(
      process.execPath,
      ["--import", "tsx", "scripts/import.ts", ...files.slice(0, 3), "--scores", files[3] as string],
      { env: { ...process.env, DATABASE_URL: url }, maxBuffer: 1 << 26 },
    );
  }
  await migrateDatabase(url);
  return { url, ...(embedded && { embedded }) };
}

export type BenchUser = { email: string; name: string; role: "VIEWER" | "ANNOTATOR" | "ADMIN"; password: string };

export async function startApp(url: string, port: number, secret: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    // No gzip: on loopback it only adds to every response (docs/performance.md).
    env: {
      ...process.env,
      DATABASE_URL: url,
      BETTER_AUTH_SECRET: secret,
      PORT: String(port),
      NEXT_TELEMETRY_DISABLED: "1",
      COMPRESS: "0",
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  for (let waited = 0; waited < 600; waited++) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before it served`);
    if (
      // Serving once it answers, 401 (no session) included.
      await fetch(`http://127.0.0.1:${port}/api/edits?limit=1`).then(
        (r) => r.status < 500,
        () => false,
      )
    )
      return child;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("the app did not serve within 10 minutes");
}

// Stops the app and its workers (it runs in a process group of its own).
export function stopApp(app: ChildProcess) {
  if (app.pid) process.kill(-app.pid, "SIGTERM");
}

// Makes the users that are missing, signs each in, and returns their Cookie headers: every
// request after carries one, so each figure includes the session lookup a person's does.
export async function signInUsers(url: string, port: number, secret: string, users: BenchUser[]): Promise<string[]> {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
  try {
    const auth = createAuth({ prisma, secret, trustedOrigins: [] });
    for (const user of users)
      await createUserAccount(auth, user).catch((error) => {
        if (!(error instanceof UserInputError)) throw error;
      });
  } finally {
    await prisma.$disconnect();
  }
  const origin = `http://127.0.0.1:${port}`;
  const cookies: string[] = [];
  for (const user of users) {
    const response = await fetch(`${origin}/api/auth/sign-in/email`, {
      method: "POST",
      // Each from an address of its own: sign-in is limited per address.
      headers: { "content-type": "application/json", origin, "x-forwarded-for": `10.77.0.${cookies.length + 1}` },
      body: JSON.stringify({ email: user.email, password: user.password }),
    });
    if (!response.ok) throw new Error(`signing in as ${user.email}: ${response.status} ${await response.text()}`);
    cookies.push(cookieHeaderOf(response));
  }
  return cookies;
}

// Every web process loads its gallery index before it serves (lib/data/warm-up.ts), and one
// whose index was dropped answers from PostgreSQL until it has loaded again (X-Gallery-Index:
// loading): waits until a run of answers says the index is loaded, so that a bench times the
// app as it serves once started. A new connection each time, not one kept alive, which would
// reach only one process.
export async function waitForGalleryIndex(port: number, cookie: string): Promise<void> {
  const started = performance.now();
  const agent = new http.Agent({ keepAlive: false });
  for (let ready = 0; ready < 8;) {
    const { headers } = await httpGet(`http://127.0.0.1:${port}/api/edits/facets?compliance_max=0.5`, {
      headers: { cookie },
      agent,
    });
    ready = headers["x-gallery-index"] === "loading" ? 0 : ready + 1;
    if (ready === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    if (performance.now() - started > 300_000) throw new Error("the app's gallery index did not load in 5 minutes");
  }
}
