// npm run bench:signals [-- --reuse] [--edits 20000] [--judged 1000]: change signals for
// 20,000 demo edits with local images, in a process of its own (for its peak RSS), beside
// the floor: the same images only decoded and scaled to the working size by sharp, at the
// same concurrency. Then a judge run over --judged edits against the fake endpoint answering
// at once, for the runner's own cost per edit (its judgements stay in the bench's database,
// under a judge named for the run). Uses DATABASE_URL when set, else an embedded PostgreSQL
// in .data/bench/signals.
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { parseArgs, promisify } from "node:util";

import pg from "pg";
import sharp from "sharp";

import { failureText } from "@/lib/cli/errors";
import { createJudgeRun, runJudge } from "@/lib/judges/run";
import { WORKING_SIDE } from "@/lib/signals/compare";
import { scopeOf, type Scope } from "@/lib/signals/flags";
import { computeSignals } from "@/lib/signals/run";

const TARGETS = { editsPerSecond: 100, peakRssMB: 400, judgeOverheadMs: 5 };
const CONCURRENCY = 8;
const FOLDER = ".data/bench/signals";

type ChildFigures = { edits: number; unavailable: number; seconds: number; peakRssMB: number };

// The signals of the first `edits` edits, in this process.
async function child(url: string, edits: number) {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const summary = await computeSignals(pool, {}, { again: true, limit: edits, concurrency: CONCURRENCY });
  await pool.end();
  const figures: ChildFigures = {
    edits: summary.computed,
    unavailable: summary.unavailable,
    seconds: summary.seconds,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  process.stdout.write(`${JSON.stringify(figures)}\n`);
}

// The floor: both images of the same edits decoded and scaled to the working box, nothing else.
async function decodeFloor(url: string, edits: number, root: string): Promise<{ edits: number; seconds: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ source: string; output: string }>(
    `SELECT si."uri" AS source, oi."uri" AS output FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId"
       JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"
     ORDER BY e."id" LIMIT $1`,
    [edits],
  );
  await client.end();
  const files = rows.filter(
    (row) => fs.existsSync(path.join(root, row.source)) && fs.existsSync(path.join(root, row.output)),
  );
  const started = performance.now();
  let next = 0;
  const scale = (file: string) =>
    sharp(path.join(root, file)).resize(WORKING_SIDE, WORKING_SIDE, { fit: "cover" }).greyscale().raw().toBuffer();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < files.length) {
        const row = files[next++] as { source: string; output: string };
        await Promise.all([scale(row.source), scale(row.output)]);
      }
    }),
  );
  return { edits: files.length, seconds: (performance.now() - started) / 1000 };
}

type ScopeFlags = { edits: number; noOp: number; overEdit: number; sizeChanged: number };

// How many measured edits of each scope (lib/signals/flags.ts) each flag takes: what the
// thresholds were set on.
async function flagsByScope(url: string): Promise<Record<Scope, ScopeFlags>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query<{ type: string | null } & ScopeFlags>(
    `SELECT et."name" AS type, count(*)::int AS edits, count(*) FILTER (WHERE s."noOp")::int AS "noOp",
            count(*) FILTER (WHERE s."overEdit")::int AS "overEdit", count(*) FILTER (WHERE s."sizeChanged")::int AS "sizeChanged"
     FROM "EditSignal" s JOIN "Edit" e ON e."id" = s."editId" LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
     WHERE s."available" GROUP BY 1`,
  );
  await client.end();
  const empty = (): ScopeFlags => ({ edits: 0, noOp: 0, overEdit: 0, sizeChanged: 0 });
  const byScope: Record<Scope, ScopeFlags> = { local: empty(), global: empty(), frame: empty() };
  for (const row of rows) {
    const total = byScope[scopeOf(row.type)];
    total.edits += row.edits;
    total.noOp += row.noOp;
    total.overEdit += row.overEdit;
    total.sizeChanged += row.sizeChanged;
  }
  return byScope;
}

// The fake endpoint answering at once, in a process of its own as a real endpoint would be:
// in the runner's process its parsing of every request (two images as data URLs) counted
// as the runner's time (6.65 ms an edit on a slow machine).
async function startEndpointProcess(): Promise<{ url: string; close: () => void }> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/judge-fake.ts", "--port", "0", "--instant"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [line] = (await once(readline.createInterface({ input: child.stdout }), "line")) as [string];
  const url = line.match(/(http:\/\/\S+)/)?.[1];
  if (!url) {
    child.kill();
    throw new Error(`the fake endpoint did not say where it listens: ${line}`);
  }
  return { url, close: () => child.kill() };
}

// A judge run over `edits` edits against the fake endpoint answering at once: the runner's
// own time per edit (reading and scaling both images, the request, the writes).
async function judgeOverhead(url: string, edits: number): Promise<{ edits: number; msPerEdit: number }> {
  const endpoint = await startEndpointProcess();
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  try {
    const id = await createJudgeRun(pool, {
      judge: `bench-${Date.now()}`,
      model: "fake",
      baseUrl: endpoint.url,
      filter: {},
      query: "",
      options: {
        concurrency: 4,
        requestsPerMinute: 1_000_000,
        maxAttempts: 3,
        maxRetries: 2,
        imageSide: 512,
        priceInputPer1k: 0,
        priceOutputPer1k: 0,
        timeoutSeconds: 30,
        limit: edits,
      },
      userId: null,
    });
    const started = performance.now();
    const result = await runJudge(pool, id);
    const seconds = (performance.now() - started) / 1000;
    const done = (result?.judged ?? 0) + (result?.failed ?? 0);
    return { edits: done, msPerEdit: (seconds * 1000) / Math.max(1, done) };
  } finally {
    await pool.end();
    endpoint.close();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      reuse: { type: "boolean" },
      edits: { type: "string", default: "20000" },
      judged: { type: "string", default: "1000" },
      child: { type: "boolean" },
      url: { type: "string" },
    },
    strict: true,
  });
  const edits = Number(values.edits);
  if (values.child) return child(values.url as string, edits);
  const { openDemoDatabase } = await import("@/lib/testing/bench-demo");
  const root = path.resolve(FOLDER, "images");
  const database = await openDemoDatabase({
    name: "pico_bench_signals",
    folder: FOLDER,
    imageRoot: root,
    minEdits: edits,
    reuse: !!values.reuse,
  });
  try {
    const floor = await decodeFloor(database.url, edits, root);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/bench-signals.ts", "--child", "--url", database.url, "--edits", String(edits)],
      { env: { ...process.env, IMAGE_ROOT: root }, maxBuffer: 1 << 20 },
    );
    const signals = JSON.parse(stdout.trim().split("\n").at(-1) as string) as ChildFigures;
    const flags = await flagsByScope(database.url);
    process.env.IMAGE_ROOT = root;
    // A first run of 100 edits, not timed: the runner's first requests pay for connections,
    // the JIT and sharp's start (a cold run of 1,000 took 3.6 ms an edit where the next took
    // 2.4), and the figure is its cost per edit as a long run goes.
    await judgeOverhead(database.url, 100);
    const judge = await judgeOverhead(database.url, Number(values.judged));
    const editsPerSecond = Math.round(signals.edits / signals.seconds);
    const floorPerSecond = Math.round(floor.edits / floor.seconds);
    process.stderr.write(
      `decode floor  ${floor.edits} edits (two images each) in ${floor.seconds.toFixed(2)} s, ${floorPerSecond} edits/s\n` +
        `signals       ${signals.edits} edits in ${signals.seconds.toFixed(2)} s, ${editsPerSecond} edits/s, ` +
        `${(signals.seconds / floor.seconds).toFixed(2)}x the floor, peak RSS ${signals.peakRssMB} MB\n` +
        `judge runner  ${judge.edits} edits against an endpoint answering at once: ${judge.msPerEdit.toFixed(2)} ms an edit\n` +
        Object.entries(flags)
          .map(
            ([scope, f]) =>
              `flags         ${scope}: ${f.edits} edits measured, ${f.noOp} no-op, ${f.overEdit} over-edit, ${f.sizeChanged} size changed\n`,
          )
          .join(""),
    );
    const ok =
      signals.edits >= edits &&
      editsPerSecond >= TARGETS.editsPerSecond &&
      signals.peakRssMB <= TARGETS.peakRssMB &&
      judge.msPerEdit <= TARGETS.judgeOverheadMs;
    process.stdout.write(
      `${JSON.stringify({
        bench: "signals",
        database: database.embedded ? "embedded" : "postgres",
        signals: { ...signals, editsPerSecond, overFloor: Number((signals.seconds / floor.seconds).toFixed(2)) },
        judge: { edits: judge.edits, msPerEdit: Number(judge.msPerEdit.toFixed(2)) },
        flags,
        baseline: {
          decode: { edits: floor.edits, seconds: Number(floor.seconds.toFixed(2)), editsPerSecond: floorPerSecond },
        },
        targets: TARGETS,
        ok,
      })}\n`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(failureText(error));
  process.exit(1);
});
