// npm run gen:manifests -- --out DIR [--seed S] [--scale F]: synthetic release files for benchmarks.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { RELEASE_COUNTS, syntheticManifests } from "@/lib/pico/synthetic";

const USAGE = `Usage: npm run gen:manifests -- --out DIR [--seed S] [--scale F]

Writes sft.jsonl, preference.jsonl and multi-turn.jsonl in the released format into DIR:
${RELEASE_COUNTS.sft} SFT, ${RELEASE_COUNTS.preference} preference and ${RELEASE_COUNTS.multiTurn} multi-turn records at scale 1,
and scores.jsonl: judge scores for every SFT and preference output (npm run import -- --scores).

  --out DIR    folder to write into (created if missing)
  --seed S     random seed, a non-negative integer (default 1)
  --scale F    fraction of the release's record counts, above 0 and at most 1 (default 1)`;

function fail(message: string): never {
  process.stderr.write(`gen:manifests: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = fs.createWriteStream(file);
  let count = 0;
  let buffer: string[] = [];
  const drain = async () => {
    if (!out.write(`${buffer.join("\n")}\n`)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    buffer = [];
  };
  for (const line of lines) {
    buffer.push(line);
    count++;
    if (buffer.length === 5_000) await drain();
  }
  if (buffer.length) await drain();
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return count;
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { out: { type: "string" }, seed: { type: "string" }, scale: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (!values.out) fail("--out DIR is required");
  const seed = values.seed === undefined ? 1 : Number(values.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) fail(`--seed must be a non-negative integer, got "${values.seed}"`);
  const scale = values.scale === undefined ? 1 : Number(values.scale);
  if (!(scale > 0 && scale <= 1)) fail(`--scale must be above 0 and at most 1, got "${values.scale}"`);
  fs.mkdirSync(values.out, { recursive: true });
  const started = Date.now();
  const lines = syntheticManifests({ seed, scale });
  for (const [name, source] of [
    ["sft.jsonl", lines.sft],
    ["preference.jsonl", lines.preference],
    ["multi-turn.jsonl", lines.multiTurn],
    ["scores.jsonl", lines.scores],
  ] as const) {
    const file = path.join(values.out, name);
    const count = await writeLines(file, source);
    process.stdout.write(`${file}: ${count} records, ${(fs.statSync(file).size / 1e6).toFixed(1)} MB\n`);
  }
  process.stdout.write(`Written in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`);
}

main().catch((error) => {
  process.stderr.write(`gen:manifests: ${(error as Error).stack}\n`);
  process.exit(1);
});
