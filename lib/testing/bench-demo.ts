import fs from "node:fs";
import path from "node:path";

import pg from "pg";

import { seedDemo } from "../demo/seed";
import { openEmbeddedPostgres } from "../postgres/embedded";
import { migrateDatabase } from "../postgres/migrate";
import { databaseOn, freshDatabase } from "./bench";
import { assertLocal } from "./test-database";

// A bench's database of demo data with its images drawn under imageRoot: the database
// `name` on the DATABASE_URL server, else an embedded PostgreSQL in `folder`. With reuse, one
// that holds at least minEdits edits already is kept.

// The demo plans about 1.3 edits a task.
const EDITS_PER_TASK = 1.2;

async function countEdits(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Edit"`);
    return rows[0]?.n ?? 0;
  } catch {
    return 0;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export async function openDemoDatabase(options: {
  name: string;
  folder: string;
  imageRoot: string;
  minEdits: number;
  reuse: boolean;
}): Promise<{ url: string; embedded: boolean; close: () => Promise<void> }> {
  const server = process.env.DATABASE_URL || undefined;
  if (server) assertLocal(server);
  const embedded = server ? undefined : await openEmbeddedPostgres(path.resolve(options.folder, "postgres"));
  const url = server ? databaseOn(server, options.name) : (embedded?.url as string);
  const kept = options.reuse && fs.existsSync(options.imageRoot) && (await countEdits(url)) >= options.minEdits;
  if (!kept) {
    if (server) await freshDatabase(server, options.name);
    fs.rmSync(options.imageRoot, { recursive: true, force: true });
    await migrateDatabase(url);
    process.stderr.write(`Drawing a demo of ${options.minEdits}+ edits (a few minutes)...\n`);
    await seedDemo(url, options.imageRoot, { tasks: Math.ceil(options.minEdits / EDITS_PER_TASK), seed: 1 });
  }
  await migrateDatabase(url);
  return { url, embedded: !!embedded, close: async () => void (await embedded?.stop()) };
}
