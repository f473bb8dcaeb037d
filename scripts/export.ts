// npm run export -- --filter QUERY --format F --out PATH [--prefix] [--json]: a filtered subset to a file.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import pg from "pg";

import { failureText } from "@/lib/cli/errors";
import { startProgress } from "@/lib/cli/progress";
import { EXPORT_FORMATS } from "@/lib/export/formats";
import { createExport, runExport } from "@/lib/export/jobs";
import { parseExportRequest } from "@/lib/export/request";
import { fileWriter } from "@/lib/export/storage";
import { openDatabase } from "@/lib/postgres/open";

const USAGE = `Usage: npm run export -- --filter QUERY --format ${EXPORT_FORMATS.join("|")} --out PATH [--prefix] [--json]

Writes the edits of a gallery filter from the database (DATABASE_URL, or the embedded one)
to PATH, with PATH.manifest.json (the filter, counts, checksum, who and when) and
PATH.README.md (a dataset card) beside it. PATH is written under a temporary name and
appears only once complete.

  --filter Q   the gallery's query string ("types=3&effective=pass", or the whole URL), or
               the filter as JSON ('{"types":[3],"effective":"pass"}'); "" for every edit
  --format F   sft, preference, multi-turn: the release's own JSONL, effective verdicts
               applied; jsonl, csv, parquet: one row per edit with every column
  --out PATH   the file to write
  --prefix     multi-turn: cut each sequence before its first failed turn
  --json       print the summary as one JSON object
  --help       show this text

Exit status: 0 written, 1 the export failed, 2 bad usage or an invalid filter.`;

function usageError(message: string): never {
  process.stderr.write(`export: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        filter: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        prefix: { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.filter === undefined) usageError(`--filter is missing (use --filter "" for every edit)`);
  if (!values.out) usageError("--out is missing");
  const request = parseExportRequest({
    format: values.format,
    filter: values.filter,
    options: values.prefix ? { prefix: true } : {},
  });
  if (!request.ok) usageError(request.problems.map((problem) => `${problem.param}: ${problem.message}`).join("; "));
  const out = path.resolve(values.out);
  if (!fs.statSync(path.dirname(out), { throwIfNoEntry: false })?.isDirectory())
    usageError(`--out: the folder ${path.dirname(out)} does not exist`);

  const started = performance.now();
  const database = await openDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  let progress: ReturnType<typeof startProgress> | null = null;
  try {
    const id = await createExport(pool, {
      format: request.format,
      filter: request.filter,
      query: request.query,
      options: request.options,
      via: "CLI",
      userId: null,
    });
    const result = await runExport(
      pool,
      database.url,
      id,
      {
        path: out,
        fileName: path.basename(out),
        create: () => fileWriter(out),
        put: (name, data) => fs.promises.writeFile(`${out}.${name}`, data),
      },
      {
        onStart: ({ total }) => (progress = startProgress("Exporting", total ?? 0, { counted: "rows" })),
        onProgress: ({ rows }) => progress?.update(rows),
      },
    );
    (progress as ReturnType<typeof startProgress> | null)?.stop();
    if (!result || result.status !== "DONE") {
      process.stderr.write(`export: ${result ? result.error : "the export did not run"}\n`);
      process.exitCode = 1;
      return;
    }
    const file = result.manifest.files[0];
    const seconds = (performance.now() - started) / 1000;
    if (values.json)
      process.stdout.write(
        `${JSON.stringify({ export: id, out, rows: file?.rows, bytes: file?.bytes, sha256: file?.sha256, seconds })}\n`,
      );
    else
      process.stdout.write(
        `${out}: ${file?.rows} rows, ${file?.bytes} bytes, sha256 ${file?.sha256} (${seconds.toFixed(1)} s)\n` +
          `manifest: ${out}.manifest.json, dataset card: ${out}.README.md\n`,
      );
  } finally {
    await pool.end();
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`export: ${failureText(error)}\n`);
  process.exit(1);
});
