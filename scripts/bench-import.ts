// npm run bench:import [-- --manifests DIR]: the importer at full release size against COPY,
// and on the embedded database against a server.
//
// Imports the three synthetic full-size files (npm run gen:manifests) into a fresh database
// with the real CLI in its own process, then measures, in the same run, how long PostgreSQL
// takes to COPY exactly the rows the import wrote from prepared CSV into another fresh
// database with the same schema. With DATABASE_URL set, that is done on that server, and the
// same import is then timed on a new embedded PostgreSQL too; without it, on the embedded one
// alone, and the embedded-to-server target cannot be checked.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { parseArgs } from "node:util";

import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";

import { migrateDatabase } from "@/lib/postgres/migrate";
import { RELEASE_COUNTS } from "@/lib/pico/synthetic";
import { checkpoint, ensureManifests, freshDatabase } from "@/lib/testing/bench";
import { assertLocal, createTestDatabase } from "@/lib/testing/test-database";

const run = promisify(execFile);
const TARGETS = { seconds: 60, peakRssMB: 400, copyRatio: 3, embeddedToServer: 1.3 };
// Every table the import writes, parents first.
const TABLES = ["ImportBatch", "Image", "Task", "Edit", "Judgement", "PreferencePair", "Sequence", "SequenceTurn"];
const FILES = ["sft.jsonl", "preference.jsonl", "multi-turn.jsonl"];

async function copyBaseline(
  source: string,
  target: string,
  folder: string,
): Promise<{ seconds: number; rows: number }> {
  const from = new pg.Client({ connectionString: source });
  await from.connect();
  for (const table of TABLES)
    await pipeline(
      from.query(copyTo(`COPY "${table}" TO STDOUT WITH (FORMAT csv)`)),
      fs.createWriteStream(path.join(folder, `${table}.csv`)),
    );
  const { rows } = await from.query<{ n: string }>(
    TABLES.map((table) => `SELECT count(*) AS n FROM "${table}"`).join(" UNION ALL "),
  );
  await from.end();
  await checkpoint(target);
  const to = new pg.Client({ connectionString: target });
  await to.connect();
  const started = performance.now();
  await to.query("BEGIN");
  for (const table of TABLES)
    await pipeline(
      fs.createReadStream(path.join(folder, `${table}.csv`)),
      to.query(copyFrom(`COPY "${table}" FROM STDIN WITH (FORMAT csv)`)),
    );
  await to.query("COMMIT");
  const seconds = (performance.now() - started) / 1000;
  await to.end();
  return { seconds, rows: rows.reduce((sum, row) => sum + Number(row.n), 0) };
}

type ImportRun = { seconds: number; records: number; maxRssMB: number };

// The real CLI, in its own process, importing the three files into a fresh database at url.
async function timeImport(url: string, manifests: string): Promise<ImportRun> {
  await checkpoint(url);
  const started = performance.now();
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", "scripts/import.ts", "--json", ...FILES.map((file) => path.join(manifests, file))],
    {
      env: { ...process.env, DATABASE_URL: url },
      maxBuffer: 1 << 24,
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const result = JSON.parse(stdout.trim().split("\n").pop() as string) as {
    files: { new: number; existing: number; rejected: number }[];
    maxRssMB: number;
  };
  const records = result.files.reduce((sum, file) => sum + file.new + file.existing, 0);
  const expected = RELEASE_COUNTS.sft + RELEASE_COUNTS.preference + RELEASE_COUNTS.multiTurn;
  if (records !== expected) throw new Error(`imported ${records} records, expected ${expected}`);
  return { seconds, records, maxRssMB: result.maxRssMB };
}

const describe = (run: ImportRun) =>
  `${run.records} records in ${run.seconds.toFixed(1)} s = ${Math.round(run.records / run.seconds)} records/s, peak RSS ${run.maxRssMB} MB`;

async function main() {
  const { values } = parseArgs({ options: { manifests: { type: "string" } }, strict: true });
  const manifests = path.resolve(values.manifests ?? ".data/bench/manifests");
  await ensureManifests(manifests);
  const server = process.env.DATABASE_URL || undefined;
  if (server) assertLocal(server);

  const importDb = server
    ? await freshDatabase(server, `pico_bench_import_${process.pid}`)
    : await createTestDatabase("bench_import", undefined);
  if (!server) await migrateDatabase(importDb.url);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-bench-"));
  try {
    const imported = await timeImport(importDb.url, manifests);
    const copyDb = server
      ? await freshDatabase(server, `pico_bench_copy_${process.pid}`)
      : await createTestDatabase("bench_copy", undefined);
    let copy: { seconds: number; rows: number };
    try {
      if (!server) await migrateDatabase(copyDb.url);
      copy = await copyBaseline(importDb.url, copyDb.url, folder);
    } finally {
      await copyDb.drop();
    }
    let embedded: ImportRun | null = null;
    if (server) {
      await importDb.drop();
      const embeddedDb = await createTestDatabase("bench_import", undefined);
      try {
        await migrateDatabase(embeddedDb.url);
        embedded = await timeImport(embeddedDb.url, manifests);
      } finally {
        await embeddedDb.drop();
      }
    }
    const copyRatio = imported.seconds / copy.seconds;
    const embeddedRatio = embedded && embedded.seconds / imported.seconds;
    console.log(`import    ${server ? "on the server" : "embedded"}: ${describe(imported)}`);
    console.log(
      `COPY      the same ${copy.rows} rows from CSV in ${copy.seconds.toFixed(1)} s; import / COPY = ${copyRatio.toFixed(2)}`,
    );
    console.log(
      embedded
        ? `embedded  ${describe(embedded)}; embedded / server = ${(embeddedRatio as number).toFixed(2)}`
        : "embedded  no server to compare with (set DATABASE_URL)",
    );
    console.log(
      `targets   < ${TARGETS.seconds} s, < ${TARGETS.peakRssMB} MB, within ${TARGETS.copyRatio}x of COPY, embedded within ${TARGETS.embeddedToServer}x of the server`,
    );
    const ok =
      imported.seconds < TARGETS.seconds &&
      Math.max(imported.maxRssMB, embedded?.maxRssMB ?? 0) < TARGETS.peakRssMB &&
      copyRatio <= TARGETS.copyRatio &&
      embeddedRatio !== null &&
      embeddedRatio <= TARGETS.embeddedToServer;
    const figures = (run: ImportRun) => ({
      seconds: Number(run.seconds.toFixed(2)),
      recordsPerSecond: Math.round(run.records / run.seconds),
      peakRssMB: run.maxRssMB,
    });
    console.log(
      JSON.stringify({
        bench: "import",
        database: server ? "postgres" : "embedded",
        records: imported.records,
        ...figures(imported),
        embedded: embedded && figures(embedded),
        baseline: { copySeconds: Number(copy.seconds.toFixed(2)), rows: copy.rows },
        importToCopy: Number(copyRatio.toFixed(2)),
        embeddedToServer: embeddedRatio && Number(embeddedRatio.toFixed(2)),
        targets: TARGETS,
        ok,
      }),
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await importDb.drop();
  }
}

main().catch((error) => {
  console.error(`bench:import: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
