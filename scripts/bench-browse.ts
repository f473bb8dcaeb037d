// npm run bench:browse [-- --manifests DIR] [--reuse] [--runs N] [--plans FILE] [--clients N] [--seconds S]
// [--warm-up S]:
// every view of the app at full release size, one request at a time and under load.
//
// Fills a database with the synthetic full release (npm run gen:manifests: 386K records,
// 634K edits, judge scores for the SFT and preference ones) through the real import CLI,
// starts the production app on it, then:
// 1. times 30 fixed gallery views: a page (GET /api/edits) and its facet counts
//    (GET /api/edits/facets), each beside the very SQL the app sends, run straight on
//    Postgres with pg;
// 2. times every page (overview, taxonomy, gallery, an edit, a sequence, ...) and the
//    what-if API under random rules, one request at a time, beside a static file served
//    by the same app and a count(*) of "Edit" on Postgres;
// 3. sends a mix of those pages and API views from 32 clients at once for 30 s, after 10 s
//    of the same whose times are shown apart: the one process that served steps 1 and 2
//    has compiled its code for them, the others have not (docs/performance.md, "Session 16").
// --reuse keeps a database a run before filled; --plans writes EXPLAIN ANALYZE of every
// gallery query into a Markdown file. Uses DATABASE_URL's server when set, else the
// embedded database.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import pg from "pg";

import {
  BROWSE_RELEASE,
  openFullRelease,
  signInUsers,
  startApp,
  stopApp,
  waitForGalleryIndex,
  type BenchUser,
} from "@/lib/testing/bench-app";
import { facetQueries, galleryPageQuery, type GalleryView } from "@/lib/sql/gallery";
import type { Cursor, Sort } from "@/lib/sql/gallery-order";
import type { EditFilter } from "@/lib/schemas/edit-filter";
import { filterToParams } from "@/lib/schemas/edit-filter-params";
import { createRandom, type Random } from "@/lib/demo/random";
import { closeHttpGets, httpGet, loadTest, percentile } from "@/lib/testing/bench";
import { whatIfToParams, whatIf } from "@/lib/schemas/what-if-params";

const TARGETS = {
  galleryP95Ms: 50,
  facetsP95Ms: 150,
  deepToFirstP50: 1.5,
  apiToSqlP95: 2,
  pageP95Ms: 100,
  whatIfP95Ms: 300,
  underLoadP95Ms: 500,
  underLoadErrors: 0,
  underLoadTimeouts: 0,
};
// An annotator: the mix opens the review page.
const BENCH_USER: BenchUser = {
  email: "bench-annotator@bench.local",
  name: "Bench Annotator",
  role: "ANNOTATOR",
  password: "bench-browse-annotator",
};
const PAGE = 60;

// extra: timed and printed, but outside the targets: orders the issue's list of views
// does not name (an unindexed criterion sort, the seeded shuffle).
type View = { name: string; filter: EditFilter; view: GalleryView; deepOf?: string; extra?: true };

// The 30 views of the targets, built from the database's own ids: single and multi
// facet, score ranges, text search, pages deep in the order; then two extra orders.
async function views(client: pg.Client): Promise<View[]> {
  const one = async (sql: string) => Number((await client.query<{ v: number }>(sql)).rows[0]?.v);
  const commonType = await one(
    `SELECT "editTypeId" AS v FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  const rareType = await one(
    `SELECT "editTypeId" AS v FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY count(*) ASC LIMIT 1`,
  );
  const category = await one(`SELECT "categoryId" AS v FROM "EditType" ORDER BY "position" DESC LIMIT 1`);
  const threeTypes = (
    await client.query<{ id: number }>(`SELECT "id" FROM "EditType" ORDER BY "position" LIMIT 3`)
  ).rows.map((row) => row.id);
  const source = await one(`SELECT "sourceImageId" AS v FROM "Task" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const lastBatch = await one(`SELECT max("id") AS v FROM "ImportBatch"`);
  // The cursor of the row at a position of a view, as the page before it would give.
  const at = async (position: number, filter: EditFilter, sort: Sort): Promise<Cursor> => {
    const page = galleryPageQuery(filter, { sort, limit: position });
    const { rows } = await client.query<{ id: number; sortKey: number | null }>(
      `SELECT "id", "sortKey" FROM (${page.text}) p OFFSET ${position - 1} LIMIT 1`,
      page.values,
    );
    const row = rows[0];
    if (!row) throw new Error(`the view ${JSON.stringify(filter)} ${sort} has fewer than ${position} edits`);
    return { key: row.sortKey, id: row.id };
  };
  const list: View[] = [
    { name: "all edits", filter: {}, view: { limit: PAGE } },
    { name: "one common type", filter: { types: [commonType] }, view: { limit: PAGE } },
    { name: "one rare type", filter: { types: [rareType] }, view: { limit: PAGE } },
    { name: "one category", filter: { categories: [category] }, view: { limit: PAGE } },
    { name: "three types", filter: { types: threeTypes }, view: { limit: PAGE } },
    { name: "subset sft", filter: { subsets: ["sft"] }, view: { limit: PAGE } },
    { name: "subset preference", filter: { subsets: ["preference"] }, view: { limit: PAGE } },
    { name: "subset multi-turn", filter: { subsets: ["multi-turn"] }, view: { limit: PAGE } },
    { name: "effective fail", filter: { effective: "fail" }, view: { limit: PAGE } },
    { name: "judge pass", filter: { judge: "pass" }, view: { limit: PAGE } },
    { name: "not reviewed", filter: { reviewed: false }, view: { limit: PAGE } },
    { name: "type + effective fail", filter: { types: [commonType], effective: "fail" }, view: { limit: PAGE } },
    {
      name: "category + preference + judge fail",
      filter: { categories: [category], subsets: ["preference"], judge: "fail" },
      view: { limit: PAGE },
    },
    { name: "three types + sft", filter: { types: threeTypes, subsets: ["sft"] }, view: { limit: PAGE } },
    { name: "overall 0.6-0.7", filter: { overall: { min: 0.6, max: 0.7 } }, view: { limit: PAGE } },
    { name: "overall >= 0.9", filter: { overall: { min: 0.9 } }, view: { limit: PAGE } },
    { name: "compliance <= 0.5", filter: { compliance: { max: 0.5 } }, view: { limit: PAGE } },
    {
      name: "type + realism 0.4-0.6",
      filter: { types: [commonType], realism: { min: 0.4, max: 0.6 } },
      view: { limit: PAGE },
    },
    {
      name: "preference + overall <= 0.5",
      filter: { subsets: ["preference"], overall: { max: 0.5 } },
      view: { limit: PAGE },
    },
    { name: "search 'snow'", filter: { q: "snow" }, view: { limit: PAGE } },
    { name: "search 'golden light'", filter: { q: "golden light" }, view: { limit: PAGE } },
    { name: "search + type", filter: { q: "window", types: [commonType] }, view: { limit: PAGE } },
    { name: "search + effective fail", filter: { q: "shadow", effective: "fail" }, view: { limit: PAGE } },
    { name: "one source photo", filter: { source }, view: { limit: PAGE } },
    { name: "last batch + effective pass", filter: { batch: lastBatch, effective: "pass" }, view: { limit: PAGE } },
    { name: "by overall, best first", filter: {}, view: { sort: "overall_desc", limit: PAGE } },
    { name: "category + not reviewed", filter: { categories: [category], reviewed: false }, view: { limit: PAGE } },
  ];
  list.push(
    {
      name: "all edits, row 300,000",
      filter: {},
      view: { cursor: await at(300_000, {}, "newest"), limit: PAGE },
      deepOf: "all edits",
    },
    {
      name: "subset sft, row 200,000",
      filter: { subsets: ["sft"] },
      view: { cursor: await at(200_000, { subsets: ["sft"] }, "newest"), limit: PAGE },
      deepOf: "subset sft",
    },
    {
      name: "by overall, row 300,000",
      filter: {},
      view: { sort: "overall_desc", cursor: await at(300_000, {}, "overall_desc"), limit: PAGE },
      deepOf: "by overall, best first",
    },
    {
      name: "type by compliance, worst first",
      filter: { types: [commonType] },
      view: { sort: "compliance_asc", limit: PAGE },
      extra: true,
    },
    { name: "random order, seed 7", filter: {}, view: { sort: "random", seed: 7, limit: PAGE }, extra: true },
  );
  return list;
}

function viewParams(view: View): URLSearchParams {
  const params = filterToParams(view.filter);
  params.set("limit", String(view.view.limit));
  if (view.view.sort) params.set("sort", view.view.sort);
  if (view.view.seed !== undefined) params.set("seed", String(view.view.seed));
  const cursor = view.view.cursor;
  if (cursor)
    params.set(
      "cursor",
      view.view.sort && view.view.sort !== "newest" ? `${cursor.key ?? "null"}_${cursor.id}` : String(cursor.id),
    );
  return params;
}

// A page or API view of phases 2 and 3: its path, drawn afresh for each request where the
// view varies (an edit, a sequence, a what-if rule). whatIf: held to the what-if target
// rather than the page target.
type PageView = { name: string; path: (random: Random) => string; whatIf?: true };

async function pageViews(client: pg.Client, list: View[]): Promise<PageView[]> {
  const ids = async (sql: string) => (await client.query<{ id: number }>(sql)).rows.map((row) => row.id);
  // Edits of every kind and sequences, spread over the tables.
  const edits = await ids(`SELECT "id" FROM "Edit" TABLESAMPLE SYSTEM (1) REPEATABLE (7) LIMIT 500`);
  const sequences = await ids(`SELECT "id" FROM "Sequence" TABLESAMPLE SYSTEM (5) REPEATABLE (7) LIMIT 500`);
  if (!edits.length || !sequences.length) throw new Error("the database has no edits or no sequences to open");
  const rule = (random: Random) =>
    whatIfToParams(
      whatIf(Number(random.float(0.5, 0.9).toFixed(2)), {
        compliance: Number(random.float(0, 1).toFixed(2)),
        realism: Number(random.float(0, 1).toFixed(2)),
        preservation: Number(random.float(0, 1).toFixed(2)),
        technical: Number(random.float(0.01, 1).toFixed(2)),
      }),
    );
  const oneType = list.find((view) => view.name === "one common type") as View;
  return [
    { name: "overview /", path: () => "/" },
    { name: "taxonomy", path: () => "/taxonomy" },
    { name: "taxonomy, random rule", path: (random) => `/taxonomy?${rule(random)}` },
    { name: "what-if API, random rule", path: (random) => `/api/taxonomy/what-if?${rule(random)}`, whatIf: true },
    { name: "gallery page", path: () => "/edits" },
    { name: "gallery page, one type", path: () => `/edits?${filterToParams(oneType.filter)}` },
    { name: "edit page", path: (random) => `/edits/${random.pick(edits)}` },
    { name: "edit API", path: (random) => `/api/edits/${random.pick(edits)}` },
    { name: "sequences page", path: () => "/sequences" },
    { name: "sequence page", path: (random) => `/sequences/${random.pick(sequences)}` },
    { name: "review page", path: () => "/review" },
    { name: "preferences page", path: () => "/preferences" },
    { name: "exports page", path: () => "/exports" },
    { name: "gallery API, one type", path: () => `/api/edits?${viewParams(oneType)}` },
    { name: "facets API, all edits", path: () => "/api/edits/facets" },
    { name: "facets API, one type", path: () => `/api/edits/facets?${filterToParams(oneType.filter)}` },
  ];
}

// The smallest file of the build's static assets: what the app's HTTP server costs alone.
function staticFile(): string {
  const dir = path.join(".next", "static", "chunks");
  const files = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".js"))
    .map((name) => ({ name, size: fs.statSync(path.join(dir, name)).size }))
    .sort((a, b) => a.size - b.size);
  if (!files[0]) throw new Error(`no static chunk in ${dir}: is the app built?`);
  return `/_next/static/chunks/${files[0].name}`;
}

async function timed(action: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await action();
  return performance.now() - started;
}

// The session cookie of the bench's annotator: every page and API needs one.
let cookie = "";

async function fetchText(url: string): Promise<string> {
  const { status, text } = await httpGet(url, { headers: { cookie } });
  if (status < 200 || status > 299) throw new Error(`GET ${url}: ${status} ${text.slice(0, 500)}`);
  return text;
}

const fetchOk = async (url: string): Promise<unknown> => JSON.parse(await fetchText(url));

type Query = { text: string; values: unknown[]; setup?: string };

// A query as the app sends it: in a transaction after its setup statement, if it has one.
async function send(pool: pg.Pool, query: Query): Promise<pg.QueryResult> {
  if (!query.setup) return pool.query(query.text, query.values);
  const connection = await pool.connect();
  try {
    await connection.query("BEGIN");
    await connection.query(query.setup);
    const result = await connection.query(query.text, query.values);
    await connection.query("COMMIT");
    return result;
  } finally {
    connection.release();
  }
}

async function explainAll(pool: pg.Pool, list: View[], file: string) {
  const sections = [
    `# EXPLAIN plans of npm run bench:browse\n\nWritten by \`npm run bench:browse -- --plans ${path.relative(process.cwd(), file)}\` on the synthetic full release. Each view's gallery page, then each facet scan.\n`,
  ];
  for (const view of list) {
    sections.push(`## ${view.name}\n\n\`${viewParams(view).toString()}\`\n`);
    for (const query of [galleryPageQuery(view.filter, view.view), ...facetQueries(view.filter)] as Query[]) {
      const { rows } = await send(pool, { ...query, text: `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${query.text}` });
      sections.push("```\n" + rows.map((row: { "QUERY PLAN": string }) => row["QUERY PLAN"]).join("\n") + "\n```\n");
    }
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sections.join("\n"));
}

async function main() {
  const { values } = parseArgs({
    options: {
      manifests: { type: "string" },
      reuse: { type: "boolean" },
      runs: { type: "string" },
      plans: { type: "string" },
      port: { type: "string" },
      clients: { type: "string" },
      seconds: { type: "string" },
      "warm-up": { type: "string" },
    },
    strict: true,
  });
  const runs = Number(values.runs ?? 10);
  const port = Number(values.port ?? 3456);
  const { url, embedded } = await openFullRelease({
    ...BROWSE_RELEASE,
    reuse: values.reuse ?? false,
    manifests: values.manifests,
  });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("VACUUM ANALYZE");
  const total = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Edit"`)).rows[0]?.n ?? 0;
  const list = await views(client);

  const secret = crypto.randomBytes(32).toString("base64");
  const app = await startApp(url, port, secret);
  cookie = (await signInUsers(url, port, secret, [BENCH_USER])).join("");
  await waitForGalleryIndex(port, cookie);
  // As many connections as the app's pool gives one request's facet scans side by side.
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  try {
    if (values.plans) await explainAll(pool, list, path.resolve(values.plans));
    const api = (kind: "page" | "facets", view: View) =>
      fetchOk(
        `http://127.0.0.1:${port}/api/edits${kind === "facets" ? `/facets?${filterToParams(view.filter)}` : `?${viewParams(view)}`}`,
      );
    const sql = (kind: "page" | "facets", view: View) =>
      Promise.all(
        (kind === "page" ? [galleryPageQuery(view.filter, view.view)] : facetQueries(view.filter)).map((query) =>
          send(pool, query),
        ),
      );
    const samples = new Map<string, number[]>();
    const add = (key: string, ms: number) => samples.set(key, [...(samples.get(key) ?? []), ms]);
    for (const view of list)
      for (const kind of ["page", "facets"] as const) await Promise.all([api(kind, view), sql(kind, view)]);
    for (let round = 0; round < runs; round++) {
      for (const view of list) {
        for (const kind of ["page", "facets"] as const) {
          // Whichever side goes first reads the view's index pages back into PostgreSQL's
          // buffers, which the previous view's facet scans pushed out: the first side took
          // twice the second's time on score ranges. Each goes first in every other round.
          const sides = [
            async () => add(`api ${kind} ${view.name}`, await timed(() => api(kind, view))),
            async () => add(`sql ${kind} ${view.name}`, await timed(() => sql(kind, view))),
          ];
          for (const side of round % 2 === 0 ? sides : sides.reverse()) await side();
        }
      }
    }
    const all = (prefix: string) =>
      list.filter((view) => !view.extra).flatMap((view) => samples.get(`${prefix} ${view.name}`) ?? []);
    const of = (prefix: string, name: string) => samples.get(`${prefix} ${name}`) ?? [];
    const ms = (value: number) => Number(value.toFixed(1));
    const targeted = list.filter((view) => !view.extra).length;
    console.log(
      `${total} edits, ${targeted} views (+${list.length - targeted} extra, marked *, outside the targets), ${runs} runs each; milliseconds, p50 / p95`,
    );
    console.log(
      `${"view".padEnd(36)} ${"page API".padStart(13)} ${"page SQL".padStart(13)} ${"facets API".padStart(13)} ${"facets SQL".padStart(13)}`,
    );
    for (const view of list) {
      const cell = (key: string) =>
        `${percentile(samples.get(key) ?? [], 50).toFixed(1)} / ${percentile(samples.get(key) ?? [], 95).toFixed(1)}`.padStart(
          13,
        );
      console.log(
        `${`${view.extra ? "* " : ""}${view.name}`.padEnd(36)} ${cell(`api page ${view.name}`)} ${cell(`sql page ${view.name}`)} ${cell(`api facets ${view.name}`)} ${cell(`sql facets ${view.name}`)}`,
      );
    }
    const figures = {
      galleryApi: { p50: ms(percentile(all("api page"), 50)), p95: ms(percentile(all("api page"), 95)) },
      gallerySql: { p50: ms(percentile(all("sql page"), 50)), p95: ms(percentile(all("sql page"), 95)) },
      facetsApi: { p50: ms(percentile(all("api facets"), 50)), p95: ms(percentile(all("api facets"), 95)) },
      facetsSql: { p50: ms(percentile(all("sql facets"), 50)), p95: ms(percentile(all("sql facets"), 95)) },
    };
    const deep = list
      .filter((view) => view.deepOf)
      .map((view) => ({
        view: view.name,
        p50: ms(percentile(of("api page", view.name), 50)),
        firstP50: ms(percentile(of("api page", view.deepOf as string), 50)),
      }));
    const deepRatio = Math.max(...deep.map((d) => d.p50 / Math.max(d.firstP50, 1)));
    const apiRatio = Math.max(
      figures.galleryApi.p95 / figures.gallerySql.p95,
      figures.facetsApi.p95 / figures.facetsSql.p95,
    );
    const galleryOk =
      figures.galleryApi.p95 <= TARGETS.galleryP95Ms &&
      figures.facetsApi.p95 <= TARGETS.facetsP95Ms &&
      deepRatio <= TARGETS.deepToFirstP50 &&
      apiRatio <= TARGETS.apiToSqlP95;
    console.log(
      `gallery page p95 ${figures.galleryApi.p95} ms (SQL ${figures.gallerySql.p95}), facets p95 ${figures.facetsApi.p95} ms (SQL ${figures.facetsSql.p95}), deep / first page p50 at most ${deepRatio.toFixed(2)}, API / SQL p95 at most ${apiRatio.toFixed(2)}`,
    );

    // 2. Every page, one request at a time, beside a static file and a count of "Edit".
    const base = `http://127.0.0.1:${port}`;
    const pages = await pageViews(client, list);
    const staticPath = staticFile();
    const random = createRandom(7);
    const single = new Map<string, number[]>();
    const addSingle = (key: string, ms: number) => single.set(key, [...(single.get(key) ?? []), ms]);
    for (const page of pages) await fetchText(`${base}${page.path(random)}`);
    for (let round = 0; round < runs * 2; round++) {
      for (const page of pages) addSingle(page.name, await timed(() => fetchText(`${base}${page.path(random)}`)));
      addSingle("static file", await timed(() => fetchText(`${base}${staticPath}`)));
      addSingle("SQL count(*) of Edit", await timed(() => pool.query(`SELECT count(*) FROM "Edit"`)));
    }
    const stats = (samples: number[]) => ({ p50: ms(percentile(samples, 50)), p95: ms(percentile(samples, 95)) });
    console.log(`\nEvery page, one request at a time, ${runs * 2} runs each; milliseconds, p50 / p95`);
    for (const [name, samples] of single) {
      const { p50, p95 } = stats(samples);
      console.log(`${name.padEnd(36)} ${`${p50.toFixed(1)} / ${p95.toFixed(1)}`.padStart(15)}`);
    }
    const pagesSingle = Object.fromEntries(pages.map((page) => [page.name, stats(single.get(page.name) ?? [])]));
    const singleOk = pages.every(
      (page) => (pagesSingle[page.name]?.p95 ?? Infinity) <= (page.whatIf ? TARGETS.whatIfP95Ms : TARGETS.pageP95Ms),
    );

    // 3. The same views from many clients at once, each picking its next view at random.
    const clients = Number(values.clients ?? 32);
    const seconds = Number(values.seconds ?? 30);
    const warmUpSeconds = Number(values["warm-up"] ?? 10);
    const mix = [...pages, { name: "static file", path: () => staticPath }];
    const load = await loadTest({
      clients,
      seconds,
      warmUpSeconds,
      headers: { cookie },
      next: () => {
        const view = random.pick(mix);
        return { view: view.name, url: `${base}${view.path(random)}` };
      },
    });
    const warmUp = {
      seconds: warmUpSeconds,
      requests: load.warmUp.requests,
      ...stats(load.warmUp.samples),
      max: ms(Math.max(0, ...load.warmUp.samples)),
    };
    console.log(
      `\nWarm-up, ${clients} clients for ${warmUpSeconds} s (not in the figures below): ${warmUp.requests} requests, p50 / p95 / max ${warmUp.p50} / ${warmUp.p95} / ${warmUp.max} ms`,
    );
    console.log(
      `${clients} clients for ${seconds} s: ${load.requests} requests, ${(load.requests / seconds).toFixed(1)} per second; milliseconds, p50 / p95 / max`,
    );
    const underLoad = Object.fromEntries(
      mix.map((view) => {
        const samples = load.samples.get(view.name) ?? [];
        return [
          view.name,
          {
            ...stats(samples),
            max: ms(Math.max(0, ...samples)),
            requests: samples.length,
            errors: load.errors.get(view.name)?.length ?? 0,
            timeouts: load.timeouts.get(view.name) ?? 0,
          },
        ];
      }),
    );
    for (const [name, figures] of Object.entries(underLoad)) {
      const extra =
        figures.errors || figures.timeouts ? `  ${figures.errors} errors, ${figures.timeouts} timeouts` : "";
      console.log(
        `${name.padEnd(36)} ${`${figures.p50.toFixed(1)} / ${figures.p95.toFixed(1)} / ${figures.max.toFixed(0)}`.padStart(22)}  ${figures.requests} answered${extra}`,
      );
    }
    for (const [view, errors] of load.errors) console.log(`errors of ${view}: ${errors.slice(0, 3).join("; ")}`);
    const loadErrors = [...load.errors.values()].reduce((sum, errors) => sum + errors.length, 0);
    const loadTimeouts = [...load.timeouts.values()].reduce((sum, n) => sum + n, 0);
    const loadOk =
      pages.every((page) => (underLoad[page.name]?.p95 ?? Infinity) <= TARGETS.underLoadP95Ms) &&
      pages.every((page) => (underLoad[page.name]?.requests ?? 0) > 0) &&
      loadErrors <= TARGETS.underLoadErrors &&
      loadTimeouts <= TARGETS.underLoadTimeouts;

    console.log(
      `\ntargets: gallery p95 <= ${TARGETS.galleryP95Ms} ms, facets p95 <= ${TARGETS.facetsP95Ms} ms, deep page p50 <= ${TARGETS.deepToFirstP50}x the first, API p95 <= ${TARGETS.apiToSqlP95}x raw SQL; pages p95 <= ${TARGETS.pageP95Ms} ms and what-if p95 <= ${TARGETS.whatIfP95Ms} ms alone; every view p95 <= ${TARGETS.underLoadP95Ms} ms under ${clients} clients, no error, no timeout`,
    );
    console.log(
      JSON.stringify({
        bench: "browse",
        database: embedded ? "embedded" : "postgres",
        edits: total,
        views: targeted,
        runs,
        ...figures,
        deep,
        deepToFirstP50: Number(deepRatio.toFixed(2)),
        apiToSqlP95: Number(apiRatio.toFixed(2)),
        pages: pagesSingle,
        baseline: {
          staticFile: stats(single.get("static file") ?? []),
          sqlCountEdits: stats(single.get("SQL count(*) of Edit") ?? []),
        },
        underLoad: {
          clients,
          seconds,
          requestsPerSecond: Number((load.requests / seconds).toFixed(1)),
          errors: loadErrors,
          timeouts: loadTimeouts,
          warmUp,
          views: underLoad,
        },
        targets: TARGETS,
        ok: galleryOk && singleOk && loadOk,
      }),
    );
  } finally {
    closeHttpGets();
    await pool.end();
    await client.end();
    stopApp(app);
    await embedded?.stop();
  }
}

main().catch((error) => {
  console.error(`bench:browse: ${(error as Error).stack ?? error}`);
  process.exit(1);
});
