// npm run bench:peer [-- --manifests DIR] [--reuse] [--runs N] [--warmup N] [--port P]: the
// gallery's views through the app's HTTP API beside DuckDB over the same files.
//
// What a researcher does instead of opening the app is load the released JSONL into DuckDB
// and query it. This bench fills (or with --reuse keeps) the full-size database of
// bench:browse, starts the production app on it, loads the SFT subset of the same manifests
// (sft.jsonl and scores.jsonl) into DuckDB in memory, and times a fixed list of gallery pages
// and facet counts on the SFT subset both ways: the app's GET /api/edits and
// /api/edits/facets, DuckDB's query of the same rows (a page's cards; the counts per edit
// type, category, verdict and overall bin, each under the rest of the filter). Both sides
// must find the same rows in the same order and the same counts. Timing starts once every
// web process has loaded its gallery index (X-Gallery-Index), as a server has seconds after
// it starts, and every view has been asked --warmup times on both sides (10): a server that
// has served a while runs JIT-compiled code, where one just started took twice as long to
// answer anything (a 401: 5.0 ms in its first 300 requests, 2.85 over 6,000). The last
// line is one JSON object; "ok" is true only when every view's app p50 is within 1.5x of
// DuckDB's.
import crypto from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";

import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";

import { closeHttpGets, httpGet, percentile } from "@/lib/testing/bench";
import {
  BROWSE_RELEASE,
  openFullRelease,
  signInUsers,
  startApp,
  stopApp,
  waitForGalleryIndex,
  type BenchUser,
} from "@/lib/testing/bench-app";
import type { Facets } from "@/lib/sql/gallery";
import type { Sort } from "@/lib/sql/gallery-order";
import type { EditFilter } from "@/lib/schemas/edit-filter";
import { filterToParams } from "@/lib/schemas/edit-filter-params";
import { OVERALL_BIN_LOWER_BOUNDS } from "@/lib/scoring/overall-bins";
import { CRITERIA, PASS_THRESHOLD, WEIGHTS } from "@/lib/scoring/scoring";
import { CATEGORY_ID_BY_TYPE_ID, EDIT_TYPES } from "@/lib/taxonomy/taxonomy";

const TARGET_RATIO = 1.5;
const BENCH_USER: BenchUser = {
  email: "bench-peer@bench.local",
  name: "Bench Peer",
  role: "VIEWER",
  password: "bench-peer-viewer",
};
const PAGE = 60;

// A view of the SFT subset: a page of cards (in a sort, after a cursor) or the facet counts.
type View = { name: string; kind: "page" | "facets"; filter: EditFilter; sort?: Sort; after?: number };

// The facets both sides count: the subsets, human verdict and signal facets have no
// counterpart in the release's files (DuckDB holds only sft.jsonl, which has no reviews).
const COMPARED = ["types", "categories", "judge", "effective", "overall"] as const;
type Compared = Pick<Facets, (typeof COMPARED)[number]> & { total: number };

// The views, on the SFT subset; `type`, `category`: the commonest of each.
function views(type: number, category: number, deepLine: number): View[] {
  const sft = (filter: EditFilter): EditFilter => ({ subsets: ["sft"], ...filter });
  const both = (name: string, filter: EditFilter): View[] => [
    { name: `page: ${name}`, kind: "page", filter: sft(filter) },
    { name: `facets: ${name}`, kind: "facets", filter: sft(filter) },
  ];
  return [
    ...both("whole subset", {}),
    ...both("one edit type", { types: [type] }),
    ...both("one category", { categories: [category] }),
    ...both("judge fail", { judge: "fail" }),
    ...both("category + judge pass + overall >= 0.8", { categories: [category], judge: "pass", overall: { min: 0.8 } }),
    ...both("compliance <= 0.6", { compliance: { max: 0.6 } }),
    ...both("overall 0.6-0.7", { overall: { min: 0.6, max: 0.7 } }),
    ...both("technical >= 0.9 + preservation <= 0.7", { technical: { min: 0.9 }, preservation: { max: 0.7 } }),
    ...both("type + realism 0.4-0.6", { types: [type], realism: { min: 0.4, max: 0.6 } }),
    ...both('text search "snow"', { q: "snow" }),
    ...both('text search "snow" + judge fail', { q: "snow", judge: "fail" }),
    ...both("a range no SFT edit falls in (compliance <= 0.5)", { compliance: { max: 0.5 } }),
    { name: "page: by overall, best first", kind: "page", filter: sft({}), sort: "overall_desc" },
    {
      name: "page: type by compliance, worst first",
      kind: "page",
      filter: sft({ types: [type] }),
      sort: "compliance_asc",
    },
    { name: "page: row 100,000 of the subset", kind: "page", filter: sft({}), after: deepLine },
  ];
}

// DuckDB's side: the SFT records joined to their scores once, as the import does, with the
// overall, the verdict and the histogram bin of lib/scoring.
async function loadDuckDb(manifests: string): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:");
  const duck = await instance.connect();
  const file = (name: string) => `'${path.join(manifests, name).replaceAll("'", "''")}'`;
  const types = EDIT_TYPES.map(
    (type) => `(${type.position}, '${type.name.replaceAll("'", "''")}', ${CATEGORY_ID_BY_TYPE_ID.get(type.position)})`,
  ).join(", ");
  const overall = `round(${CRITERIA.map((criterion) => `${WEIGHTS[criterion]} * s.${criterion}`).join(" + ")}, 9)`;
  // One thread while reading, so that row_number() is the line of the file.
  await duck.run(`SET threads = 1`);
  await duck.run(
    `CREATE TABLE records AS SELECT row_number() OVER () AS line, * FROM read_json_auto(${file("sft.jsonl")})`,
  );
  await duck.run(`RESET threads`);
  await duck.run(`CREATE TABLE scores AS SELECT * FROM read_json_auto(${file("scores.jsonl")})`);
  await duck.run(`CREATE TABLE types AS SELECT * FROM (VALUES ${types}) t(id, name, category_id)`);
  await duck.run(`
    CREATE TABLE sft AS
    SELECT r.line, t.id AS type_id, t.category_id, r.edit_type, r.summarized_text, lower(r.summarized_text) AS folded,
           r.open_image_input_url, r.output_image, ${CRITERIA.map((criterion) => `s.${criterion}`).join(", ")},
           ${overall} AS overall
    FROM records r LEFT JOIN types t ON t.name = r.edit_type LEFT JOIN scores s ON s.output_image = r.output_image
    ORDER BY r.line`);
  await duck.run(`
    ALTER TABLE sft ADD COLUMN verdict BOOLEAN;
    UPDATE sft SET verdict = overall >= ${PASS_THRESHOLD};
    ALTER TABLE sft ADD COLUMN bin INTEGER;
    UPDATE sft SET bin = list_count(list_filter([${OVERALL_BIN_LOWER_BOUNDS.join(", ")}], lower -> lower <= overall))`);
  const counts = (
    await duck.runAndReadAll(`SELECT count(*) AS n, count(DISTINCT line) AS lines FROM sft`)
  ).getRowObjects();
  if (counts[0]?.n !== counts[0]?.lines) throw new Error("scores.jsonl scores an SFT output more than once");
  return duck;
}

// The filter as DuckDB's WHERE clause over sft; text as a bound parameter.
function duckWhere(filter: EditFilter): { text: string; values: string[] } {
  const conditions: string[] = [];
  const values: string[] = [];
  if (filter.types?.length) conditions.push(`type_id IN (${filter.types.join(", ")})`);
  if (filter.categories?.length) conditions.push(`category_id IN (${filter.categories.join(", ")})`);
  for (const field of ["judge", "effective"] as const) {
    const wanted = filter[field];
    if (wanted) conditions.push(wanted === "none" ? "verdict IS NULL" : `verdict = ${wanted === "pass"}`);
  }
  for (const key of ["overall", ...CRITERIA] as const) {
    const range = filter[key];
    if (range?.min !== undefined) conditions.push(`${key} >= ${range.min}`);
    if (range?.max !== undefined) conditions.push(`${key} <= ${range.max}`);
  }
  if (filter.q !== undefined) {
    values.push(`%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(`folded LIKE $${values.length} ESCAPE '\\'`);
  }
  return { text: conditions.length ? conditions.join(" AND ") : "TRUE", values };
}

// A page of cards, in the app's order: by line (the import's id order) or by a score, ties
// and unscored rows by line in the sort's direction.
async function duckPage(duck: DuckDBConnection, view: View): Promise<number[]> {
  const where = duckWhere(view.filter);
  const sort = view.sort ?? "newest";
  const [key, direction] =
    sort === "newest" ? [null, "DESC"] : sort === "oldest" ? [null, "ASC"] : (sort.split("_") as [string, string]);
  const order = `${key ? `${key} ${direction.toUpperCase()} NULLS LAST, ` : ""}line ${direction.toUpperCase()}`;
  const after = view.after === undefined ? "" : ` AND line < ${view.after}`;
  const result = await duck.runAndReadAll(
    `SELECT line, edit_type, summarized_text, overall, verdict, open_image_input_url, output_image
     FROM sft WHERE ${where.text}${after} ORDER BY ${order} LIMIT ${PAGE + 1}`,
    where.values,
  );
  return result
    .getRowObjects()
    .slice(0, PAGE)
    .map((row) => Number(row.line));
}

type CubeRow = { type: number | null; category: number | null; verdict: boolean | null; bin: number | null; n: number };

// The counts of each facet under the filter without the facet's own field, and the total
// under the whole filter: one GROUP BY per distinct filter, summed per facet.
async function duckFacets(duck: DuckDBConnection, filter: EditFilter): Promise<Compared> {
  const without = (field?: keyof EditFilter): EditFilter =>
    Object.fromEntries(Object.entries(filter).filter(([key]) => key !== field)) as EditFilter;
  const own: Record<(typeof COMPARED)[number] | "total", EditFilter> = {
    total: filter,
    types: without("types"),
    categories: without("categories"),
    judge: without("judge"),
    effective: without("effective"),
    overall: without("overall"),
  };
  const cubes = new Map<string, Promise<CubeRow[]>>();
  const cube = (reduced: EditFilter): Promise<CubeRow[]> => {
    const key = JSON.stringify(reduced);
    if (!cubes.has(key)) {
      const where = duckWhere(reduced);
      cubes.set(
        key,
        duck
          .runAndReadAll(
            `SELECT type_id AS type, category_id AS category, verdict, bin, count(*)::INTEGER AS n FROM sft WHERE ${where.text} GROUP BY ALL`,
            where.values,
          )
          .then((result) => result.getRowObjects() as never),
      );
    }
    return cubes.get(key) as Promise<CubeRow[]>;
  };
  const verdict = (value: boolean | null) => (value === null ? "none" : value ? "pass" : "fail");
  const sum = async (reduced: EditFilter, valueOf: (row: CubeRow) => string | null) => {
    const sums = new Map<string, number>();
    for (const row of await cube(reduced)) {
      const value = valueOf(row);
      if (value !== null) sums.set(value, (sums.get(value) ?? 0) + row.n);
    }
    return [...sums]
      .filter(([, count]) => count > 0)
      .map(([value, count]) => ({ value, count }))
      .sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  };
  return {
    total: (await cube(own.total)).reduce((total, row) => total + row.n, 0),
    types: await sum(own.types, (row) => (row.type === null ? null : String(row.type))),
    categories: await sum(own.categories, (row) => (row.category === null ? null : String(row.category))),
    judge: await sum(own.judge, (row) => verdict(row.verdict)),
    effective: await sum(own.effective, (row) => verdict(row.verdict)),
    overall: await sum(own.overall, (row) => (row.bin ? String(row.bin) : null)),
  };
}

const compared = (facets: Facets): Compared => ({
  total: facets.total,
  ...(Object.fromEntries(COMPARED.map((facet) => [facet, facets[facet]])) as Omit<Compared, "total">),
});

async function timed<T>(action: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await action();
  return [performance.now() - started, result];
}

// COPY of the SFT edits' gallery columns out of PostgreSQL: the machine's speed, for scale.
async function copyMs(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    const started = performance.now();
    const stream = client.query(
      copyTo(
        `COPY (SELECT "id", "editTypeId", "judgeVerdict", "overall", ${CRITERIA.map((c) => `"${c}"`).join(", ")} FROM "Edit" WHERE "origin" = 'SFT') TO STDOUT`,
      ),
    );
    for await (const _chunk of stream);
    return performance.now() - started;
  } finally {
    client.release();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      manifests: { type: "string" },
      reuse: { type: "boolean" },
      runs: { type: "string" },
      warmup: { type: "string" },
      port: { type: "string" },
    },
    strict: true,
  });
  const runs = Number(values.runs ?? 15);
  const warmup = Number(values.warmup ?? 10);
  const port = Number(values.port ?? 3457);
  const manifests = path.resolve(values.manifests ?? ".data/bench/manifests");
  const { url, embedded } = await openFullRelease({
    ...BROWSE_RELEASE,
    reuse: values.reuse ?? false,
    manifests,
  });
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  await pool.query("VACUUM ANALYZE");
  process.stderr.write("Loading sft.jsonl and scores.jsonl into DuckDB...\n");
  const duck = await loadDuckDb(manifests);

  // The app's ids of the SFT edits as lines of sft.jsonl, to compare pages row by row.
  const lineOf = new Map(
    (
      await pool.query<{ id: number; line: number }>(
        `SELECT "id", "sourceLine" AS line FROM "Edit" WHERE "origin" = 'SFT'`,
      )
    ).rows.map((row) => [row.id, row.line]),
  );
  const one = async (sql: string) => Number((await pool.query<{ v: number }>(sql)).rows[0]?.v);
  const type = await one(
    `SELECT "editTypeId" AS v FROM "Edit" WHERE "origin" = 'SFT' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const category = CATEGORY_ID_BY_TYPE_ID.get(type) as number;
  const deepLine = Number(
    (await duck.runAndReadAll(`SELECT line FROM sft ORDER BY line DESC LIMIT 1 OFFSET 99999`)).getRowObjects()[0]?.line,
  );
  const idOfLine = new Map([...lineOf].map(([id, line]) => [line, id]));
  const list = views(type, category, deepLine);

  const secret = crypto.randomBytes(32).toString("base64");
  const app = await startApp(url, port, secret);
  try {
    const cookie = (await signInUsers(url, port, secret, [BENCH_USER])).join("");
    const get = async (pathAndQuery: string): Promise<unknown> => {
      const { status, text } = await httpGet(`http://127.0.0.1:${port}${pathAndQuery}`, { headers: { cookie } });
      if (status !== 200) throw new Error(`GET ${pathAndQuery}: ${status} ${text.slice(0, 300)}`);
      return JSON.parse(text);
    };
    await waitForGalleryIndex(port, cookie);
    const appSide = async (view: View): Promise<unknown> => {
      const params = filterToParams(view.filter);
      if (view.kind === "facets") return compared((await get(`/api/edits/facets?${params}`)) as Facets);
      params.set("limit", String(PAGE));
      if (view.sort) params.set("sort", view.sort);
      if (view.after !== undefined) params.set("cursor", String(idOfLine.get(view.after)));
      const page = (await get(`/api/edits?${params}`)) as { items: { id: number }[] };
      return page.items.map((item) => lineOf.get(item.id));
    };
    const duckSide = (view: View): Promise<unknown> =>
      view.kind === "facets" ? duckFacets(duck, view.filter) : duckPage(duck, view);

    // Once each, unmeasured: the answers must be the same.
    const mismatches: string[] = [];
    for (const view of list) {
      const [app, peer] = [await appSide(view), await duckSide(view)];
      if (JSON.stringify(app) !== JSON.stringify(peer))
        mismatches.push(
          `${view.name}:\n  app    ${JSON.stringify(app).slice(0, 400)}\n  DuckDB ${JSON.stringify(peer).slice(0, 400)}`,
        );
    }
    if (mismatches.length) throw new Error(`the two sides disagree:\n${mismatches.join("\n")}`);
    for (let round = 0; round < warmup; round++)
      for (const view of list) await Promise.all([appSide(view), duckSide(view)]);

    const samples = new Map<string, number[]>();
    const add = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
    // Each round times every view on one side, then every view on the other, the side that
    // goes first alternating, and each side's run starts with its last view asked once
    // untimed: every timed view follows the same side's last query, as when the side is used
    // alone. Timed view by view in turn, every request followed a DuckDB query, whose scan
    // pushed the server's and PostgreSQL's working sets out of the caches: even a 401 took
    // 1.9 ms after a DuckDB query of a fifth of the SFT edits, 0.65 after another request
    // (docs/performance.md, "A bias of the peer bench").
    const sides = [
      { name: "app", ask: appSide },
      { name: "duckdb", ask: duckSide },
    ];
    for (let round = 0; round < runs; round++)
      for (const side of round % 2 === 0 ? sides : [...sides].reverse()) {
        await side.ask(list[list.length - 1] as View);
        for (const view of list) add(`${side.name} ${view.name}`, (await timed(() => side.ask(view)))[0]);
      }
    const copy = [await copyMs(pool), await copyMs(pool), await copyMs(pool)].sort((a, b) => a - b)[1] as number;
    // The least an API answer costs here: the gallery's route refusing a request with no
    // session (a 401 before any data is read), for scale beside the views' times.
    const refusals: number[] = [];
    for (let run = 0; run < runs; run++) {
      const started = performance.now();
      const { status } = await httpGet(`http://127.0.0.1:${port}/api/edits?subsets=sft`);
      if (status !== 401) throw new Error(`GET /api/edits without a session: ${status}, not 401`);
      refusals.push(performance.now() - started);
    }

    const ms = (value: number) => Number(value.toFixed(1));
    const stats = (key: string) => ({
      p50: ms(percentile(samples.get(key) ?? [], 50)),
      p95: ms(percentile(samples.get(key) ?? [], 95)),
    });
    const rows = list.map((view) => {
      const app = stats(`app ${view.name}`);
      const duckdb = stats(`duckdb ${view.name}`);
      return { view: view.name, app, duckdb, ratio: Number((app.p50 / Math.max(duckdb.p50, 0.1)).toFixed(2)) };
    });
    console.log(
      `${lineOf.size} SFT edits, ${list.length} views, ${runs} runs each, same rows and counts on both sides; milliseconds`,
    );
    console.log(
      `${"view".padEnd(58)} ${"app p50 / p95".padStart(15)} ${"DuckDB p50 / p95".padStart(17)} ${"ratio".padStart(6)}`,
    );
    for (const row of rows)
      console.log(
        `${row.view.padEnd(58)} ${`${row.app.p50.toFixed(1)} / ${row.app.p95.toFixed(1)}`.padStart(15)} ${`${row.duckdb.p50.toFixed(1)} / ${row.duckdb.p95.toFixed(1)}`.padStart(17)} ${row.ratio.toFixed(2).padStart(6)}`,
      );
    const ratios = rows.map((row) => row.ratio).sort((a, b) => a - b);
    const worst = rows.reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const median = ratios[Math.floor(ratios.length / 2)] as number;
    console.log(
      `worst ratio ${worst.ratio} (${worst.view}), median ${median}; COPY of the SFT edits' columns ${ms(copy)} ms; an API answer of 401 ${ms(percentile(refusals, 50))} ms; target: every view's app p50 <= ${TARGET_RATIO}x DuckDB's`,
    );
    console.log(
      JSON.stringify({
        bench: "peer",
        database: embedded ? "embedded" : "postgres",
        edits: lineOf.size,
        runs,
        warmup,
        views: rows,
        worstRatio: worst.ratio,
        worstView: worst.view,
        medianRatio: median,
        baseline: { copySftMs: ms(copy), refusedMs: ms(percentile(refusals, 50)) },
        targets: { ratio: TARGET_RATIO },
        ok: worst.ratio <= TARGET_RATIO,
      }),
    );
  } finally {
    closeHttpGets();
    stopApp(app);
    await pool.end();
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(`bench:peer: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
