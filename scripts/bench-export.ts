// npm run bench:export [-- --reuse] [--runs 3]: the SFT subset of the full-size synthetic release
// (257,730 edits with scores) exported as released JSONL, CSV and Parquet, each format in a
// process of its own (for its peak RSS), beside the floor: COPY (the table's own SELECT) TO
// STDOUT read and dropped, in the same session settings. Uses DATABASE_URL when set, else an
// embedded PostgreSQL in .data/bench/export. Best of --runs per format.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { parseArgs } from "node:util";

import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

import { failureText } from "@/lib/cli/errors";
import type { ExportFormatName } from "@/lib/export/formats";
import { EXPORT_SESSION } from "@/lib/export/jobs";
import { exportQuery } from "@/lib/export/sql";
import { fileWriter } from "@/lib/export/storage";
import { inlineParameters, streamExport } from "@/lib/export/stream";

const FILTER = { subsets: ["sft" as const] };
const FORMATS: ExportFormatName[] = ["sft", "csv", "parquet"];
const TARGETS = {
  jsonlRowsPerSecond: 100_000,
  csvRowsPerSecond: 100_000,
  parquetRowsPerSecond: 50_000,
  overCopy: 2,
  peakRssMB: 250,
};

type Figures = { rows: number; bytes: number; seconds: number; peakRssMB: number };

// One format, in this process: the export's stream into a file, as a job writes it.
async function child(url: string, format: ExportFormatName, out: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(EXPORT_SESSION);
  const started = performance.now();
  const stream = streamExport(client, format, FILTER);
  const writer = await fileWriter(out);
  for await (const chunk of stream.chunks) await writer.write(chunk);
  await writer.commit();
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  const figures: Figures = {
    rows: stream.rows(),
    bytes: stream.bytes(),
    seconds,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

async function copyFloor(url: string): Promise<Figures> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(EXPORT_SESSION);
  const sql = inlineParameters(client, exportQuery("csv", FILTER));
  const started = performance.now();
  let bytes = 0;
  let rows = 0;
  for await (const chunk of client.query(copyTo(`COPY (${sql}) TO STDOUT`))) {
    bytes += (chunk as Buffer).length;
    for (let at = (chunk as Buffer).indexOf(10); at !== -1; at = (chunk as Buffer).indexOf(10, at + 1)) rows++;
  }
  const seconds = (performance.now() - started) / 1000;
  await client.end();
  return { rows, bytes, seconds, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

const best = (runs: Figures[]) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

async function main() {
  const { values } = parseArgs({
    options: {
      reuse: { type: "boolean" },
      runs: { type: "string", default: "3" },
      child: { type: "string" },
      url: { type: "string" },
      out: { type: "string" },
    },
    strict: true,
  });
  if (values.child) return child(values.url as string, values.child as ExportFormatName, values.out as string);
  const runs = Number(values.runs);
  // Only here: a child loads the export's modules alone, so its peak RSS is the export's.
  const { openFullRelease } = await import("@/lib/testing/bench-app");
  const release = await openFullRelease({
    name: "pico_bench_export",
    folder: ".data/bench/export",
    reuse: !!values.reuse,
  });
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-bench-export-"));
  try {
    const floor: Figures[] = [];
    const figures = new Map<ExportFormatName, Figures[]>(FORMATS.map((format) => [format, []]));
    // Interleaved, so that a slow moment of the machine falls on every side alike.
    for (let run = 0; run < runs; run++) {
      floor.push(await copyFloor(release.url));
      for (const format of FORMATS) {
        const out = path.join(folder, `${format}-${run}`);
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ["--import", "tsx", "scripts/bench-export.ts", "--child", format, "--url", release.url, "--out", out],
          { maxBuffer: 1 << 20 },
        );
        figures.get(format)?.push(JSON.parse(stdout.trim().split("\n").at(-1) as string) as Figures);
        fs.rmSync(out, { force: true });
      }
    }
    const copy = best(floor);
    const result = Object.fromEntries(
      FORMATS.map((format) => {
        const runsOf = figures.get(format) as Figures[];
        const fastest = best(runsOf);
        return [
          format,
          {
            rows: fastest.rows,
            seconds: Number(fastest.seconds.toFixed(2)),
            rowsPerSecond: Math.round(fastest.rows / fastest.seconds),
            overCopy: Number((fastest.seconds / copy.seconds).toFixed(2)),
            peakRssMB: Math.max(...runsOf.map((run) => run.peakRssMB)),
            mb: Number((fastest.bytes / 1e6).toFixed(1)),
          },
        ];
      }),
    ) as Record<
      ExportFormatName,
      { rows: number; seconds: number; rowsPerSecond: number; overCopy: number; peakRssMB: number; mb: number }
    >;
    process.stderr.write(
      `copy floor   ${copy.rows} rows in ${copy.seconds.toFixed(2)} s (${Math.round(copy.rows / copy.seconds)} rows/s)\n`,
    );
    for (const format of FORMATS) {
      const r = result[format];
      process.stderr.write(
        `${format.padEnd(12)} ${r.rows} rows in ${r.seconds} s, ${r.rowsPerSecond} rows/s, ${r.overCopy}x COPY, peak RSS ${r.peakRssMB} MB, ${r.mb} MB\n`,
      );
    }
    const sft = result.sft;
    const csv = result.csv;
    const parquet = result.parquet;
    const ok =
      sft.rowsPerSecond >= TARGETS.jsonlRowsPerSecond &&
      csv.rowsPerSecond >= TARGETS.csvRowsPerSecond &&
      parquet.rowsPerSecond >= TARGETS.parquetRowsPerSecond &&
      sft.overCopy <= TARGETS.overCopy &&
      csv.overCopy <= TARGETS.overCopy &&
      FORMATS.every((format) => result[format].peakRssMB <= TARGETS.peakRssMB) &&
      csv.rows === 257_730 &&
      parquet.rows === 257_730;
    process.stdout.write(
      `${JSON.stringify({
        bench: "export",
        database: release.embedded ? "embedded" : "postgres",
        runs,
        formats: result,
        baseline: {
          copy: {
            rows: copy.rows,
            seconds: Number(copy.seconds.toFixed(2)),
            rowsPerSecond: Math.round(copy.rows / copy.seconds),
          },
        },
        targets: TARGETS,
        ok,
      })}\n`,
    );
  } finally {
    fs.rmSync(folder, { recursive: true, force: true });
    await release.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(failureText(error));
  process.exit(1);
});
