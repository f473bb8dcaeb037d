import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";

import { withClient } from "../postgres/connection";
import { migrateDatabase } from "../postgres/migrate";

// What the benchmarks (scripts/bench-*.ts) share: fresh databases, the synthetic
// full-size files, percentiles.

const run = promisify(execFile);
export const MANIFEST_FILES = ["sft.jsonl", "preference.jsonl", "multi-turn.jsonl", "scores.jsonl"] as const;

// A new, migrated database on the server (dropped first if a run before left it).
export async function freshDatabase(server: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new URL(server);
  admin.pathname = "/postgres";
  await withClient(admin.toString(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = databaseOn(server, name);
  await migrateDatabase(url);
  return {
    url,
    drop: () =>
      withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export function databaseOn(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

// Starts each timed phase from a clean slate: dirty pages of the previous phase flushed.
export const checkpoint = (url: string) =>
  withClient(url, (client) => client.query("CHECKPOINT")).catch(() => undefined);

// The full-size synthetic files (npm run gen:manifests) in dir, written when missing.
export async function ensureManifests(dir: string) {
  if (MANIFEST_FILES.every((file) => fs.existsSync(path.join(dir, file)))) return;
  process.stderr.write(`Writing the full-size manifests into ${dir} ...\n`);
  await run(path.resolve("node_modules/.bin/tsx"), ["scripts/gen-manifests.ts", "--out", dir], { maxBuffer: 1 << 20 });
}

// The p-th percentile (0-100) of the samples, nearest rank.
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}
