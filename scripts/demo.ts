// npm run demo -- [--tasks N] [--seed S] [--reset]: fills the database with demo data.
import { parseArgs } from "node:util";

import { failureText } from "@/lib/cli/errors";
import { countTasks, resetDatabase } from "@/lib/postgres/reset";
import { openDatabase } from "@/lib/postgres/open";
import { DEFAULT_DEMO, seedDemo } from "@/lib/demo/seed";
import { imageRoot } from "@/lib/env";

const USAGE = `Usage: npm run demo -- [--tasks N] [--seed S] [--reset]

Fills the database (DATABASE_URL, or the embedded one) with a synthetic dataset: drawn
source images, edits of all 35 types with judge scores, preference pairs, multi-turn
sequences and a few reviews. The same N and S give the same data.

  --tasks N   how many tasks (default ${DEFAULT_DEMO.tasks}); about a fifth are multi-turn turns
  --seed S    random seed, a non-negative integer (default ${DEFAULT_DEMO.seed})
  --reset     empty the database first (everything in it is deleted)
  --help      show this text`;

function fail(message: string): never {
  process.stderr.write(`demo: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value)))
    fail(`--${name} must be an integer of at least ${min}, got "${value}"`);
  return Number(value);
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        tasks: { type: "string" },
        seed: { type: "string" },
        reset: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = {
    tasks: positiveInt("tasks", values.tasks, DEFAULT_DEMO.tasks, 1),
    seed: positiveInt("seed", values.seed, DEFAULT_DEMO.seed, 0),
  };

  const database = await openDatabase();
  try {
    if (values.reset) await resetDatabase(database.url);
    const existing = await countTasks(database.url);
    if (existing > 0) {
      process.stderr.write(
        `demo: ${database.description} already holds ${existing} tasks; run with --reset to replace everything in it with demo data.\n`,
      );
      process.exitCode = 1;
      return;
    }
    const started = Date.now();
    const summary = await seedDemo(database.url, imageRoot(), options);
    process.stdout.write(
      `Demo data in ${database.description}: ${summary.tasks} tasks, ${summary.edits} edits, ${summary.pairs} preference pairs, ${summary.sequences} sequences, ${summary.reviews} reviews, ${summary.images} images in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  process.stderr.write(`demo: ${failureText(error)}\n`);
  process.exit(1);
});
