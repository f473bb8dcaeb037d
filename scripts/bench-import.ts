// npm run bench:import [-- --manifests DIR]: the importer at full release size against COPY,
// and on the embedded database against a server.
//
// Imports the three synthetic full-size files (npm run gen:manifests) into a fresh database
// with the real CLI in its own process, then measures, in the same run, how long PostgreSQL
// takes to COPY exactly the rows the import wrote from prepared CSV into another fresh
// database with the same schema. With DATABASE_URL set, that is done on that server, and the
// same import is timed again on it and twice on new embedded PostgreSQL databases; without it,
// on the embedded one alone, and the embedded-to-server target cannot be checked.
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

const mean = (runs: ImportRun[]): ImportRun => ({
  seconds: runs.reduce((sum, run) => sum + run.seconds, 0) / runs.length,
  records: runs[0]?.records ?? 0,
  maxRssMB: Math.max(...runs.map((run) => run.maxRssMB)),
});

async function main() {
  const { values } = parseArgs({ options: { manifests: { type: "string" } }, strict: true });
  const manifests = path.resolve(values.manifests ?? ".data/bench/manifests");
  await ensureManifests(manifests);
  const server = process.env.DATABASE_URL || undefined;
  if (server) assertLocal(server);
  // A fresh, migrated database: on the server when there is one, else embedded.
  const fresh = async (where: "server" | "embedded", name: string) => {
    if (where === "server" && server) return freshDatabase(server, `pico_bench_${name}_${process.pid}`);
    const database = await createTestDatabase(`bench_${name}`, undefined);
    await migrateDatabase(database.url);
    return database;
  };
  // The import into a fresh database, dropped afterwards.
  const importInto = async (where: "server" | "embedded") => {
    const database = await fresh(where, "import");
    try {
      return await timeImport(database.url, manifests);
    } finally {
      await database.drop();
    }
  };

  const first = await fresh("server", "import");
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-bench-"));
  let imported: ImportRun;
  let copy: { seconds: number; rows: number };
  try {
    imported = await timeImport(first.url, manifests);
    const copyDb = await fresh("server", "copy");
    try {
      copy = await copyBaseline(first.url, copyDb.url, folder);
    } finally {
      await copyDb.drop();
    }
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await first.drop();
  }
  // With a server, the embedded database's import is timed twice between two on the server
  // (server, embedded, embedded, server), so that a machine growing slower or faster over
  // the run moves both means alike.
  let serverRuns = [imported];
  let embedded: ImportRun | null = null;
  if (server) {
    const embeddedRuns = [await importInto("embedded"), await importInto("embedded")];
    serverRuns = [imported, await importInto("server")];
    embedded = mean(embeddedRuns);
  }
  const measured = mean(serverRuns);
  const copyRatio = imported.seconds / copy.seconds;
  const embeddedRatio = embedded && embedded.seconds / measured.seconds;
  console.log(`import    ${server ? "on the server" : "embedded"}: ${serverRuns.map(describe).join("; ")}`);
  console.log(
    `COPY      the same ${copy.rows} rows from CSV in ${copy.seconds.toFixed(1)} s; first import / COPY = ${copyRatio.toFixed(2)}`,
  );
  console.log(
    embedded
      ? `embedded  ${describe(embedded)} (mean of two); embedded / server = ${(embeddedRatio as number).toFixed(2)}`
      : "embedded  no server to compare with (set DATABASE_URL)",
  );
  console.log(
    `targets   < ${TARGETS.seconds} s, < ${TARGETS.peakRssMB} MB, within ${TARGETS.copyRatio}x of COPY, embedded within ${TARGETS.embeddedToServer}x of the server`,
  );
  const ok =
    measured.seconds < TARGETS.seconds &&
    Math.max(measured.maxRssMB, embedded?.maxRssMB ?? 0) < TARGETS.peakRssMB &&
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
      records: measured.records,
      ...figures(measured),
      runs: serverRuns.map((run) => Number(run.seconds.toFixed(2))),
      embedded: embedded && figures(embedded),
      baseline: { copySeconds: Number(copy.seconds.toFixed(2)), rows: copy.rows },
      importToCopy: Number(copyRatio.toFixed(2)),
      embeddedToServer: embeddedRatio && Number(embeddedRatio.toFixed(2)),
      targets: TARGETS,
      ok,
    }),
  );
}

main().catch((error) => {
  console.error(`bench:import: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
