// npm run import -- [--kind K] [--strict] [--scores FILE]... [FILE...]: released files into the database.
import { parseArgs } from "node:util";

import { failureText } from "@/lib/cli/errors";
import { startProgress } from "@/lib/cli/progress";
import { openDatabase } from "@/lib/postgres/open";
import { checkInputFile, ImportInputError, type BadLine, type RunOptions } from "@/lib/import/batch-runner";
import { analyzeImportedTables, importFile } from "@/lib/import/import-file";
import { MAX_LINE_BYTES } from "@/lib/import/read-lines";
import { importScores } from "@/lib/import/scores";
import { RECORD_KINDS, type RecordKind } from "@/lib/pico/records";

const USAGE = `Usage: npm run import -- [--kind ${RECORD_KINDS.join("|")}] [--strict] [--scores SCORES.jsonl]... [FILE.jsonl...]

Imports Pico-Banana-400K record files (sft.jsonl, preference.jsonl, multi-turn.jsonl) into
the database (DATABASE_URL, or the embedded one), then judge-score files (see README).
Each file's kind is read from its records unless --kind says it. Bad lines (a line over
${MAX_LINE_BYTES} bytes among them) are reported as file:line: reason and stored with the
import; the rest of the file is imported.
Importing a file again adds only what is missing.

  --kind K      the kind of every FILE given
  --strict      stop at the first bad line of a file and import nothing of it
  --scores F    a JSONL file of judge scores keyed by output image (repeatable)
  --json        print the summary as one JSON object
  --help        show this text

Exit status: 0 all lines imported, 1 some lines rejected or a file aborted, 2 bad usage
or a file that cannot be read.`;

const SHOWN_BAD_LINES = 20;

type ProgressCallback = NonNullable<RunOptions["onProgress"]>;

function usageError(message: string): never {
  process.stderr.write(`import: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function badLineReport(file: string, badLines: BadLine[], batchId: number): string[] {
  const shown = badLines.slice(0, SHOWN_BAD_LINES).map((bad) => `${file}:${bad.line}: ${bad.reason}`);
  if (badLines.length > SHOWN_BAD_LINES)
    shown.push(`${file}: ... and ${badLines.length - SHOWN_BAD_LINES} more, all stored with import batch #${batchId}`);
  return shown;
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        kind: { type: "string" },
        strict: { type: "boolean" },
        scores: { type: "string", multiple: true },
        json: { type: "boolean" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values, positionals: files } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (values.kind !== undefined && !RECORD_KINDS.includes(values.kind as RecordKind))
    usageError(`--kind must be one of ${RECORD_KINDS.join(", ")}, got "${values.kind}"`);
  const scoreFiles = values.scores ?? [];
  if (files.length === 0 && scoreFiles.length === 0) usageError("no file given");
  let totalBytes = 0;
  for (const file of [...files, ...scoreFiles]) {
    try {
      totalBytes += checkInputFile(file);
    } catch (error) {
      if (!(error instanceof ImportInputError)) throw error;
      process.stderr.write(`import: ${error.message}\n`);
      process.exit(2);
    }
  }

  const started = Date.now();
  const database = await openDatabase();
  const results: Record<string, unknown>[] = [];
  const report: string[] = [];
  const problems: string[] = [];
  let failed = false;
  const progress = startProgress("Importing", totalBytes, { unit: "bytes", counted: "records" });
  let recordsBefore = 0;
  // Record files first: scores attach to the edits they create.
  const jobs = [
    ...files.map((file) => ({
      file,
      run: (onProgress: ProgressCallback) =>
        importFile(database.url, file, {
          kind: values.kind as RecordKind | undefined,
          strict: values.strict,
          onProgress,
        }),
    })),
    ...scoreFiles.map((file) => ({
      file,
      run: (onProgress: ProgressCallback) => importScores(database.url, file, { strict: values.strict, onProgress }),
    })),
  ];
  try {
    let doneBytes = 0;
    for (const { file, run } of jobs) {
      const summary = await run((bytes, records) => progress.update(doneBytes + bytes, recordsBefore + records));
      doneBytes += checkInputFile(file);
      recordsBefore += summary.records;
      const kind = "kind" in summary ? summary.kind : "scores";
      problems.push(
        ...badLineReport(file, summary.badLines, summary.batchId),
        ...badLineReport(file, summary.notes, summary.batchId),
      );
      failed ||= summary.rejected > 0;
      results.push({
        file,
        kind,
        batch: summary.batchId,
        records: summary.records,
        new: summary.newRecords,
        existing: summary.existingRecords,
        rejected: summary.rejected,
        notes: summary.notes.length,
        aborted: summary.aborted,
      });
      const disagreements =
        kind === "scores" ? `, ${summary.notes.length} with a given overall off by more than 0.01` : "";
      report.push(
        summary.aborted
          ? `${file}: nothing imported (--strict stopped at line ${summary.badLines[0]?.line}); batch #${summary.batchId}`
          : `${file}: ${kind}, ${summary.newRecords} new, ${summary.existingRecords} already present, ${summary.rejected} rejected${disagreements}; batch #${summary.batchId}`,
      );
    }
    if (results.some((result) => (result.new as number) > 0)) await analyzeImportedTables(database.url);
  } finally {
    progress.stop();
    await database.close();
  }
  for (const line of problems) process.stderr.write(`${line}\n`);
  if (!values.json) for (const line of report) process.stdout.write(`${line}\n`);
  const seconds = (Date.now() - started) / 1000;
  if (values.json)
    process.stdout.write(
      `${JSON.stringify({ files: results, seconds, maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
    );
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  const isInput = error instanceof ImportInputError;
  process.stderr.write(`import: ${isInput ? error.message : failureText(error)}\n`);
  process.exit(isInput ? 2 : 1);
});
