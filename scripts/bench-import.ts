// npm run bench:import [-- --manifests DIR]: the importer at full release size against COPY.
//
// Imports the three synthetic full-size files (npm run gen:manifests) into a fresh
// database with the real CLI in its own process, then measures, in the same run, how
// long PostgreSQL takes to COPY exactly the rows the import wrote from prepared CSV into
// another fresh database with the same schema. Uses DATABASE_URL when set; the embedded
// database cannot take COPY, so there the baseline is missing and the run is not ok.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { parseArgs } from "node:util";

import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

import { startEmbeddedPostgres } from "@/lib/database/embedded";
import { migrateDatabase } from "@/lib/database/migrate";
import { RELEASE_COUNTS } from "@/lib/pico/synthetic";
import { checkpoint, ensureManifests, freshDatabase } from "@/lib/testing/bench";
import { assertLocal } from "@/lib/testing/test-database";

const run = promisify(execFile);
const TARGETS = { seconds: 60, peakRssMB: 400, copyRatio: 3 };
// Every table the import writes, parents first.
const TABLES = ["ImportBatch", "Image", "Task", "Edit", "Judgement", "PreferencePair", "Sequence", "SequenceTurn"];
const FILES = ["sft.jsonl", "preference.jsonl", "multi-turn.jsonl"];

async function copyBaseline(source: string, target: string, folder: string): Promise<{ seconds: number; rows: number }> {
  const from = new pg.Client({ connectionString: source });
  await from.connect();
  for (const table of TABLES) await pipeline(from.query(copyTo(`COPY "${table}" TO STDOUT WITH (FORMAT csv)`)), fs.createWriteStream(path.join(folder, `${table}.csv`)));
  const { rows } = await from.query<{ n: string }>(TABLES.map((table) => `SELECT count(*) AS n FROM "${table}"`).join(" UNION ALL "));
  await from.end();
  await checkpoint(target);
  const to = new pg.Client({ connectionString: target });
  await to.connect();
  const started = performance.now();
  await to.query("BEGIN");
  for (const table of TABLES) await pipeline(fs.createReadStream(path.join(folder, `${table}.csv`)), to.query(copyFrom(`COPY "${table}" FROM STDIN WITH (FORMAT csv)`)));
  await to.query("COMMIT");
  const seconds = (performance.now() - started) / 1000;
  await to.end();
  return { seconds, rows: rows.reduce((sum, row) => sum + Number(row.n), 0) };
}

async function main() {
  const { values } = parseArgs({ options: { manifests: { type: "string" } }, strict: true });
  const manifests = path.resolve(values.manifests ?? ".data/bench/manifests");
  await ensureManifests(manifests);
  const server = process.env.DATABASE_URL || undefined;
  if (server) assertLocal(server);

  const embedded = server ? undefined : await startEmbeddedPostgres({ port: 0 });
  const importDb = server ? await freshDatabase(server, `pico_bench_import_${process.pid}`) : { url: (embedded as { url: string }).url, drop: async () => {} };
  if (!server) await migrateDatabase(importDb.url);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-bench-"));
  try {
    await checkpoint(importDb.url);
    const started = performance.now();
    const { stdout } = await run(process.execPath, ["--import", "tsx", "scripts/import.ts", "--json", ...FILES.map((file) => path.join(manifests, file))], {
      env: { ...process.env, DATABASE_URL: importDb.url },
      maxBuffer: 1 << 24,
    });
    const seconds = (performance.now() - started) / 1000;
    const result = JSON.parse(stdout.trim().split("\n").pop() as string) as { files: { new: number; existing: number; rejected: number }[]; maxRssMB: number };
    const records = result.files.reduce((sum, file) => sum + file.new + file.existing, 0);
    const expected = RELEASE_COUNTS.sft + RELEASE_COUNTS.preference + RELEASE_COUNTS.multiTurn;
    if (records !== expected) throw new Error(`imported ${records} records, expected ${expected}`);

    let copy: { seconds: number; rows: number } | null = null;
    if (server) {
      const copyDb = await freshDatabase(server, `pico_bench_copy_${process.pid}`);
      try {
        copy = await copyBaseline(importDb.url, copyDb.url, folder);
      } finally {
        await copyDb.drop();
      }
    }
    const ratio = copy ? seconds / copy.seconds : null;
    console.log(`import    ${records} records in ${seconds.toFixed(1)} s = ${Math.round(records / seconds)} records/s, peak RSS ${result.maxRssMB} MB`);
    console.log(copy ? `COPY      the same ${copy.rows} rows from CSV in ${copy.seconds.toFixed(1)} s; import / COPY = ${(ratio as number).toFixed(2)}` : "COPY      no baseline: the embedded database cannot take COPY FROM STDIN (set DATABASE_URL)");
    console.log(`targets   < ${TARGETS.seconds} s, < ${TARGETS.peakRssMB} MB, within ${TARGETS.copyRatio}x of COPY`);
    const ok = seconds < TARGETS.seconds && result.maxRssMB < TARGETS.peakRssMB && ratio !== null && ratio <= TARGETS.copyRatio;
    console.log(
      JSON.stringify({
        bench: "import",
        database: server ? "postgres" : "embedded",
        records,
        seconds: Number(seconds.toFixed(2)),
        recordsPerSecond: Math.round(records / seconds),
        peakRssMB: result.maxRssMB,
        baseline: copy && { copySeconds: Number(copy.seconds.toFixed(2)), rows: copy.rows },
        importToCopy: ratio && Number(ratio.toFixed(2)),
        targets: TARGETS,
        ok,
      }),
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await importDb.drop();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(`bench:import: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
