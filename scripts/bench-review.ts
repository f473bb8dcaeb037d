// npm run bench:review: 20 annotators review at once, for 60 s, through the app's own HTTP
// API, on the full-size synthetic release with its scores (the generator and importer of
// bench:browse): each claims edits of the queue, reviews them, now and then undoes its
// last verdict, and now and then reviews an edit at the same moment as a second annotator,
// which must give one 201 and one 409. Between two verdicts an annotator looks at the edit
// for --think-ms (drawn from half to one and a half times it; 500 ms by default, 7,200
// verdicts an hour, several times what a person keeps up); --think-ms 0 is a stress test
// whose latencies are queueing, 20 requests always waiting on 2 cores and one disk. The
// same calls straight into lib/curation, without HTTP, at the same pace, are the
// baseline, timed in the same run. Then the database is checked: every 2xx
// review stored once, and every reviewed task's pairs equal to the pair rule applied from
// scratch (newest review, else newest judgement). The last line is one JSON object.
//
//   npm run bench:review [-- --reuse] [--annotators 20] [--seconds 60] [--think-ms 500] [--port 3457]
//
// DATABASE_URL names the server (a database pico_bench_review is made on it); without it,
// an embedded PostgreSQL in .data/bench/review.
import crypto from "node:crypto";
import http from "node:http";
import { parseArgs } from "node:util";

import pg from "pg";

import { claimNext, DEFAULT_BAND } from "@/lib/curation/queue";
import { derivePreferencePairs } from "@/lib/curation/preference-pairs";
import { recordReview } from "@/lib/curation/reviews";
import { createRandom } from "@/lib/demo/random";
import { curationTransaction } from "@/lib/curation/transaction";
import { httpPost, percentile } from "@/lib/testing/bench";
import { openFullRelease, signInUsers, startApp, stopApp, type BenchUser } from "@/lib/testing/bench-app";

const DATABASE = "pico_bench_review";
const CLAIM_SIZE = 5;
const TARGETS = { reviewP95Ms: 50, claimP95Ms: 50, lost: 0, pairMismatches: 0 };

type Item = { id: number; newest: { id: number } | null };
type Timings = Map<string, number[]>;

const annotator = (n: number): BenchUser => ({
  email: `bench-reviewer-${n}@bench.local`,
  name: `Bench Reviewer ${n}`,
  role: "ANNOTATOR",
  password: `bench-reviewer-password-${n}`,
});

function record(timings: Timings, key: string, ms: number) {
  const list = timings.get(key) ?? [];
  list.push(ms);
  timings.set(key, list);
}

const figure = (samples: number[] = []) => ({
  n: samples.length,
  p50: Number(percentile(samples, 50).toFixed(1)),
  p95: Number(percentile(samples, 95).toFixed(1)),
});

// The run's tally of what the API answered.
type Tally = {
  sent: number;
  created: Set<number>;
  conflicts: number;
  errors: string[];
  conflictPairs: number;
  badPairs: number;
};

// A pause of about thinkMs, drawn from half to one and a half times it.
const think = (thinkMs: number, random: ReturnType<typeof createRandom>) =>
  thinkMs > 0 ? new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + random.next()))) : Promise.resolve();

async function apiPhase(options: {
  port: number;
  cookies: string[];
  seconds: number;
  thinkMs: number;
  timings: Timings;
  tally: Tally;
}) {
  const { port, cookies, timings, tally } = options;
  const base = `http://127.0.0.1:${port}`;
  const agent = new http.Agent({ keepAlive: true, maxSockets: cookies.length * 2 });
  const deadline = performance.now() + options.seconds * 1000;
  const random = createRandom("bench:review");
  const post = async (key: string, cookie: string, url: string, body: unknown) => {
    const started = performance.now();
    const response = await httpPost(base + url, body, { agent, headers: { cookie, origin: base } });
    record(timings, key, performance.now() - started);
    return { status: response.status, json: JSON.parse(response.text || "null") };
  };
  // A review as the bench sends it: counted, and its 201 kept to look for in the database.
  const review = async (who: number, item: Item, verdict: string) => {
    tally.sent++;
    const response = await post("review", cookies[who] as string, "/api/reviews", {
      editId: item.id,
      verdict,
      after: item.newest?.id ?? null,
    });
    if (response.status === 201) tally.created.add(response.json.id);
    else if (response.status === 409) tally.conflicts++;
    else tally.errors.push(`review: ${response.status} ${JSON.stringify(response.json).slice(0, 200)}`);
    return response;
  };
  const worker = async (who: number) => {
    // The first claim of each annotator warms the app's connections and statements, as
    // bench:browse's first round does, and is not timed.
    let warm = false;
    let queue: Item[] = [];
    const seen = new Set<number>();
    while (performance.now() < deadline) {
      if (queue.length === 0) {
        const claimed = await post(warm ? "claim" : "warm-up", cookies[who] as string, "/api/reviews/claim", {
          size: CLAIM_SIZE,
        });
        warm = true;
        if (claimed.status !== 200) {
          tally.errors.push(`claim: ${claimed.status} ${JSON.stringify(claimed.json).slice(0, 200)}`);
          continue;
        }
        queue = (claimed.json.items as Item[]).filter((item) => !seen.has(item.id));
        if (queue.length === 0) break;
      }
      const item = queue.shift() as Item;
      seen.add(item.id);
      await think(options.thinkMs, random);
      const verdict = random.chance(0.5) ? "PASS" : "FAIL";
      if (random.chance(0.1)) {
        // A second annotator on the same edit at the same moment, against the same version.
        const other = (who + 1 + random.int(0, cookies.length - 2)) % cookies.length;
        const both = await Promise.all([
          review(who, item, verdict),
          review(other, item, verdict === "PASS" ? "FAIL" : "PASS"),
        ]);
        tally.conflictPairs++;
        const statuses = both.map((response) => response.status).sort();
        if (statuses[0] !== 201 || statuses[1] !== 409) tally.badPairs++;
        continue;
      }
      const response = await review(who, item, verdict);
      if (response.status === 201 && random.chance(0.1)) {
        tally.sent++;
        const undone = await post("undo", cookies[who] as string, `/api/reviews/${response.json.id}/undo`, {});
        if (undone.status === 201) tally.created.add(undone.json.id);
        else tally.errors.push(`undo: ${undone.status} ${JSON.stringify(undone.json).slice(0, 200)}`);
      }
    }
  };
  await Promise.all(cookies.map((_, who) => worker(who)));
  agent.destroy();
}

// The same claims and reviews straight through lib/curation on a pool of the bench's own.
async function sqlPhase(url: string, userIds: number[], seconds: number, thinkMs: number, timings: Timings) {
  const pool = new pg.Pool({ connectionString: url, max: userIds.length });
  const deadline = performance.now() + seconds * 1000;
  const random = createRandom("bench:review sql");
  const timed = async <T>(key: string, action: () => Promise<T>) => {
    const started = performance.now();
    const result = await action();
    record(timings, key, performance.now() - started);
    return result;
  };
  await Promise.all(
    userIds.map(async (userId) => {
      let warm = false;
      while (performance.now() < deadline) {
        const ids = await timed(warm ? "sql claim" : "sql warm-up", () =>
          curationTransaction(
            pool,
            (client) => claimNext(client, userId, { filter: {}, band: DEFAULT_BAND }, CLAIM_SIZE),
            "claim",
          ),
        );
        warm = true;
        if (ids.length === 0) break;
        for (const editId of ids) {
          await think(thinkMs, random);
          const { rows } = await pool.query<{ id: number | null }>(
            `SELECT max("id") AS id FROM "Review" WHERE "editId" = $1`,
            [editId],
          );
          await timed("sql review", () =>
            curationTransaction(pool, (client) =>
              recordReview(client, userId, {
                editId,
                verdict: random.chance(0.5) ? "PASS" : "FAIL",
                after: rows[0]?.id ?? null,
              }),
            ),
          ).catch((error) => {
            if ((error as Error).name !== "ReviewConflictError") throw error;
          });
        }
      }
    }),
  );
  await pool.end();
}

// Every review the API answered 201 for, stored once; every task a bench review touched
// with the pairs the rule gives from scratch: the newest review's verdict, else the newest
// judgement's, not the denormalized columns.
async function check(client: pg.Client, userIds: number[], since: number, created: Set<number>) {
  const { rows: stored } = await client.query<{ id: number }>(
    `SELECT "id" FROM "Review" WHERE "reviewerId" = ANY($1::int[]) AND "id" > $2`,
    [userIds, since],
  );
  const storedIds = new Set(stored.map((row) => row.id));
  const missing = [...created].filter((id) => !storedIds.has(id)).length;
  const { rows: twice } = await client.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM "Review" WHERE "id" > $1 GROUP BY "editId", "previousReviewId" HAVING count(*) > 1) d`,
    [since],
  );
  const unanswered = [...storedIds].filter((id) => !created.has(id)).length;
  const { rows: edits } = await client.query<{
    id: number;
    taskId: number;
    human: "PASS" | "FAIL" | null;
    judge: boolean | null;
  }>(
    `WITH tasks AS (SELECT DISTINCT e."taskId" FROM "Review" r JOIN "Edit" e ON e."id" = r."editId" WHERE r."id" > $1)
     SELECT e."id", e."taskId",
            (SELECT r."verdict"::text FROM "Review" r WHERE r."editId" = e."id" ORDER BY r."id" DESC LIMIT 1) AS human,
            (SELECT j."passed" FROM "Judgement" j WHERE j."editId" = e."id" ORDER BY j."createdAt" DESC, j."id" DESC LIMIT 1) AS judge
     FROM "Edit" e JOIN tasks t ON t."taskId" = e."taskId"`,
    [since],
  );
  const { rows: pairs } = await client.query<{ taskId: number; pair: string }>(
    `WITH tasks AS (SELECT DISTINCT e."taskId" FROM "Review" r JOIN "Edit" e ON e."id" = r."editId" WHERE r."id" > $1)
     SELECT p."taskId", p."chosenEditId" || '>' || p."rejectedEditId" || ' ' || p."provenance" AS pair
     FROM "PreferencePair" p JOIN tasks t ON t."taskId" = p."taskId"`,
    [since],
  );
  const byTask = new Map<number, typeof edits>();
  for (const edit of edits) byTask.set(edit.taskId, [...(byTask.get(edit.taskId) ?? []), edit]);
  const storedPairs = new Map<number, string[]>();
  for (const row of pairs) storedPairs.set(row.taskId, [...(storedPairs.get(row.taskId) ?? []), row.pair]);
  let mismatches = 0;
  for (const [taskId, taskEdits] of byTask) {
    const expected = derivePreferencePairs(
      taskEdits.map((edit) => ({
        id: edit.id,
        humanVerdict: edit.human,
        effectiveVerdict: edit.human ?? (edit.judge === null ? null : edit.judge ? "PASS" : "FAIL"),
      })),
    )
      .map((pair) => `${pair.chosenEditId}>${pair.rejectedEditId} ${pair.provenance}`)
      .sort();
    const actual = (storedPairs.get(taskId) ?? []).sort();
    if (expected.join(";") !== actual.join(";")) mismatches++;
  }
  return { stored: storedIds.size, missing, twice: twice[0]?.n ?? 0, unanswered, tasks: byTask.size, mismatches };
}

async function main() {
  const { values } = parseArgs({
    options: {
      manifests: { type: "string" },
      reuse: { type: "boolean" },
      port: { type: "string" },
      annotators: { type: "string" },
      seconds: { type: "string" },
      "sql-seconds": { type: "string" },
      "think-ms": { type: "string" },
    },
    strict: true,
  });
  const port = Number(values.port ?? 3457);
  const annotators = Number(values.annotators ?? 20);
  const seconds = Number(values.seconds ?? 60);
  const sqlSeconds = Number(values["sql-seconds"] ?? 15);
  const thinkMs = Number(values["think-ms"] ?? 500);
  const { url, embedded } = await openFullRelease({
    name: DATABASE,
    folder: ".data/bench/review",
    reuse: values.reuse ?? false,
    manifests: values.manifests,
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("VACUUM ANALYZE");
  // Claims a run before left behind would hold back its edits for their 15 minutes.
  await client.query(`DELETE FROM "ReviewClaim"`);
  const total = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Edit"`)).rows[0]?.n ?? 0;

  const secret = crypto.randomBytes(32).toString("base64");
  const app = await startApp(url, port, secret);
  try {
    const users = Array.from({ length: annotators }, (_, n) => annotator(n + 1));
    const cookies = await signInUsers(url, port, secret, users);
    const { rows: ids } = await client.query<{ id: number }>(
      `SELECT "id" FROM "User" WHERE "email" = ANY($1::text[]) ORDER BY "id"`,
      [users.map((user) => user.email)],
    );
    const userIds = ids.map((row) => row.id);
    const timings: Timings = new Map();

    process.stderr.write(`Baseline: ${annotators} annotators through lib/curation for ${sqlSeconds} s...\n`);
    await sqlPhase(url, userIds, sqlSeconds, thinkMs, timings);
    await client.query(`DELETE FROM "ReviewClaim"`);

    const since =
      (await client.query<{ id: number }>(`SELECT coalesce(max("id"), 0) AS id FROM "Review"`)).rows[0]?.id ?? 0;
    const tally: Tally = { sent: 0, created: new Set(), conflicts: 0, errors: [], conflictPairs: 0, badPairs: 0 };
    process.stderr.write(`${annotators} annotators through the HTTP API for ${seconds} s...\n`);
    await apiPhase({ port, cookies, seconds, thinkMs, timings, tally });
    const checked = await check(client, userIds, since, tally.created);

    const review = figure(timings.get("review"));
    const claim = figure(timings.get("claim"));
    const lost = checked.missing + checked.twice;
    console.log(
      `${total} edits, ${annotators} annotators, ${seconds} s, about ${thinkMs} ms between verdicts; milliseconds`,
    );
    console.log(`${"".padEnd(10)} ${"n".padStart(7)} ${"p50".padStart(7)} ${"p95".padStart(7)}`);
    for (const [label, key] of [
      ["review", "review"],
      ["claim", "claim"],
      ["undo", "undo"],
      ["sql review", "sql review"],
      ["sql claim", "sql claim"],
    ]) {
      const f = figure(timings.get(key as string));
      console.log(
        `${(label as string).padEnd(10)} ${String(f.n).padStart(7)} ${f.p50.toFixed(1).padStart(7)} ${f.p95.toFixed(1).padStart(7)}`,
      );
    }
    console.log(
      `reviews sent ${tally.sent}, answered 201 ${tally.created.size}, 409 ${tally.conflicts}, stored ${checked.stored}, lost ${lost}; ${checked.tasks} tasks checked, ${checked.mismatches} with pairs other than the rule's`,
    );
    if (tally.errors.length) console.log(`errors (${tally.errors.length}): ${tally.errors.slice(0, 5).join(" | ")}`);
    const ok =
      review.p95 <= TARGETS.reviewP95Ms &&
      claim.p95 <= TARGETS.claimP95Ms &&
      lost === TARGETS.lost &&
      checked.mismatches === TARGETS.pairMismatches &&
      tally.badPairs === 0 &&
      tally.errors.length === 0;
    console.log(
      JSON.stringify({
        bench: "review",
        edits: total,
        annotators,
        seconds,
        thinkMs,
        reviews: {
          sent: tally.sent,
          answered2xx: tally.created.size,
          answered409: tally.conflicts,
          stored: checked.stored,
          storedWithout2xx: checked.unanswered,
          lost,
          p50: review.p50,
          p95: review.p95,
        },
        claims: { n: claim.n, p50: claim.p50, p95: claim.p95 },
        undo: figure(timings.get("undo")),
        simultaneous: { pairs: tally.conflictPairs, notOne201AndOne409: tally.badPairs },
        errors: tally.errors.length,
        tasksChecked: checked.tasks,
        pairMismatches: checked.mismatches,
        baseline: { sqlReview: figure(timings.get("sql review")), sqlClaim: figure(timings.get("sql claim")) },
        targets: TARGETS,
        ok,
      }),
    );
  } finally {
    stopApp(app);
    await client.end();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(`bench:review: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
