// npm run signals -- [--filter QUERY] [--again] [--reflag] [--concurrency N]: change signals, no model needed.
import { parseArgs } from "node:util";

import pg from "pg";

import { failureText } from "@/lib/cli/errors";
import { startProgress } from "@/lib/cli/progress";
import { openDatabase } from "@/lib/postgres/open";
import { parseFilterText } from "@/lib/schemas/filter-text";
import { computeSignals, reflagSignals } from "@/lib/signals/run";

const USAGE = `Usage: npm run signals -- [--filter QUERY] [--again | --reflag] [--concurrency N] [--json]

Measures, for each edit of a gallery filter that has none yet, how much and where its output
differs from its source (mean difference, share of pixels changed, SSIM, a 4 x 4 grid), from
the images themselves: local files first, else fetched over HTTP. Flags no-ops, over-edits
(a local edit type that changed most of the picture) and changed sizes, and marks images
that could not be had.

  --filter Q        the gallery's query string, its whole URL, or the filter as JSON
                    (default: every edit)
  --again           measure edits that have signals already too
  --reflag          read no image: derive the flags of measured edits again from their
                    stored measures, with the thresholds of lib/signals/flags.ts as they are now
  --concurrency N   edits compared at once (default 8)
  --json            print the summary as one JSON object
  --help            show this text

Exit status: 0 done, 1 it failed, 2 bad usage or an invalid filter.`;

function usageError(message: string): never {
  process.stderr.write(`signals: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        filter: { type: "string", default: "" },
        again: { type: "boolean" },
        reflag: { type: "boolean" },
        concurrency: { type: "string", default: "8" },
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
  const filter = parseFilterText(values.filter);
  if (!filter.ok) usageError(filter.problems.map((problem) => `${problem.param}: ${problem.message}`).join("; "));
  if (values.again && values.reflag) usageError("--again and --reflag do not go together");
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    usageError(`--concurrency must be a whole number from 1 to 64, got "${values.concurrency}"`);

  const database = await openDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const stop = new AbortController();
  process.once("SIGINT", () => stop.abort());
  let progress: ReturnType<typeof startProgress> | null = null;
  try {
    if (values.reflag) {
      const result = await reflagSignals(pool, filter.filter);
      process.stdout.write(
        values.json
          ? `${JSON.stringify(result)}\n`
          : `${result.edits} measured edits flagged again: ${result.changed} changed\n`,
      );
      return;
    }
    const summary = await computeSignals(pool, filter.filter, {
      again: values.again,
      concurrency,
      signal: stop.signal,
      onStart: (total) => (progress = startProgress("Signals", total, { counted: "edits" })),
      onProgress: (done) => progress?.update(done),
    });
    (progress as ReturnType<typeof startProgress> | null)?.stop();
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else
      process.stdout.write(
        `${summary.computed} edits measured (${summary.unavailable} with an image that could not be had) in ` +
          `${summary.seconds.toFixed(1)} s\n`,
      );
  } finally {
    await pool.end();
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`signals: ${failureText(error)}\n`);
  process.exit(1);
});
