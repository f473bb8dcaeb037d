import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { seedDemo } from "../demo/seed";
import type { EditColumns } from "../gallery/edit-columns";
import { migrateDatabase } from "../postgres/migrate";
import type { EditFilter } from "../schemas/edit-filter";
import { facetQueries, viewIdsQuery, type CubeRow } from "../sql/gallery";
import type { Sort } from "../sql/gallery-order";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { EditIndex } from "./edit-index";

// The in-memory index against PostgreSQL on a database of its own (it writes to every
// edit): each view's ids, page after page, and each facet cube must be what the SQL of the
// same view returns, after a load and after every kind of write it follows.
let database: TestDatabase;
let pool: pg.Pool;
let index: EditIndex;

beforeAll(async () => {
  database = await createTestDatabase("edit_index", process.env.TEST_SERVER_URL || undefined);
  await migrateDatabase(database.url);
  await seedDemo(database.url, fs.mkdtempSync(path.join(os.tmpdir(), "pico-index-images-")), { tasks: 200, seed: 5 });
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // Signal flags and reviews the demo has not: every flag combination, some human verdicts.
  await pool.query(`UPDATE "Edit" SET "signalFlags" = CASE WHEN "id" % 7 = 0 THEN NULL ELSE ("id" % 16)::smallint END`);
  await pool.query(
    `UPDATE "Edit" SET "humanVerdict" = CASE WHEN "id" % 3 = 0 THEN 'PASS' ELSE 'FAIL' END::"Verdict",
       "effectiveVerdict" = CASE WHEN "id" % 3 = 0 THEN 'PASS' ELSE 'FAIL' END::"Verdict" WHERE "id" % 5 = 0`,
  );
  // No change feed here: the index reads the log before every use. Blocks of 16 edits, so
  // that zone maps skip and read many.
  index = new EditIndex(
    () => pool,
    () => Promise.resolve(undefined),
    4,
  );
  await index.start();
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

async function columns(): Promise<EditColumns> {
  let current = await index.current();
  // A logged reload drops the columns until the new load is done.
  if (!current) {
    await index.start();
    current = await index.current();
  }
  if (!current) throw new Error("the index did not load");
  return current;
}

const one = async (sql: string, values: unknown[] = []) => (await pool.query(sql, values)).rows[0];

async function filters(): Promise<EditFilter[]> {
  const { type, category } = await one(
    `SELECT e."editTypeId" AS type, et."categoryId" AS category FROM "Edit" e JOIN "EditType" et ON et."id" = e."editTypeId"
     GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`,
  );
  const word = (
    await one(`SELECT split_part("folded", ' ', 2) AS word FROM "TaskSearch" ORDER BY "taskId" LIMIT 1`)
  ).word.slice(0, 4);
  return [
    {},
    { subsets: ["sft"] },
    { subsets: ["preference", "multi-turn"] },
    { types: [type] },
    { categories: [category], judge: "pass" },
    { judge: "fail" },
    { human: "pass" },
    { effective: "none" },
    { reviewed: true },
    { reviewed: false, subsets: ["preference"] },
    { overall: { min: 0.6, max: 0.7 } },
    { compliance: { max: 0.6 } },
    { technical: { min: 0.9 }, preservation: { max: 0.7 } },
    { types: [type], realism: { min: 0.4, max: 0.6 } },
    { q: word },
    { q: word, judge: "fail", subsets: ["sft"] },
    { q: "no instruction says this" },
    { compliance: { max: 0.000001 } },
    { flags: ["no-op", "unmeasured"] },
    { flags: ["size"], categories: [category] },
  ];
}

const SORTS: Exclude<Sort, "random">[] = ["newest", "oldest", "overall_desc", "compliance_asc", "technical_desc"];

async function sqlView(filter: EditFilter, sort: Sort): Promise<{ id: number; sortKey: number | null }[]> {
  const query = viewIdsQuery(filter, { sort, seed: 1, limit: 100_000 });
  return (await pool.query<{ id: number; sortKey: number | null }>(query.text, query.values)).rows.map((row) => ({
    id: row.id,
    sortKey: row.sortKey,
  }));
}

// The index's view, page after page of 7, each after the last row of the one before.
function indexView(columns: EditColumns, filter: EditFilter, sort: Exclude<Sort, "random">) {
  const rows: { id: number; sortKey: number | null }[] = [];
  for (;;) {
    const last = rows[rows.length - 1];
    const page = columns.page(filter, sort, last && { key: last.sortKey, id: last.id }, 7);
    rows.push(...page);
    if (page.length < 7) return rows;
  }
}

const normal = (cube: CubeRow[]) => cube.map((row) => JSON.stringify({ ...row, count: Number(row.count) })).sort();

async function expectSameAsSql(list: EditFilter[]) {
  const current = await columns();
  for (const filter of list) {
    for (const sort of SORTS)
      expect(indexView(current, filter, sort), `${JSON.stringify(filter)} ${sort}`).toEqual(
        await sqlView(filter, sort),
      );
    for (const query of facetQueries(filter)) {
      if (query.allEdits) continue;
      const sql = (await pool.query<CubeRow>(query.text, query.values)).rows;
      expect(normal(current.cube(query.rest)), `cube of ${JSON.stringify(query.rest)}`).toEqual(normal(sql));
    }
  }
}

describe("the gallery index", () => {
  it("finds the rows and counts the SQL finds, in every sort, page after page", async () => {
    const list = await filters();
    // Not trivially: the views hold edits, some many, and one holds none.
    const sizes = await Promise.all(list.map(async (filter) => (await sqlView(filter, "newest")).length));
    expect(Math.max(...sizes)).toBeGreaterThan(100);
    expect(sizes.filter((size) => size === 0).length).toBeGreaterThan(0);
    await expectSameAsSql(list);
  });

  it("follows reviews, scores, new and deleted edits and changed instructions", async () => {
    const list = await filters();
    await pool.query(
      `UPDATE "Edit" SET "humanVerdict" = 'FAIL', "effectiveVerdict" = 'FAIL', "compliance" = 0.55, "signalFlags" = 1
       WHERE "id" IN (SELECT "id" FROM "Edit" WHERE "judgeVerdict" = 'PASS' ORDER BY "id" LIMIT 20)`,
    );
    const { image } = await one(
      `INSERT INTO "Image" ("uri") VALUES ('https://example.test/new-output.png') RETURNING "id" AS image`,
    );
    const { id: added } = await one(
      `INSERT INTO "Edit" ("taskId", "outputImageId", "origin", "editTypeId", "judgeVerdict", "effectiveVerdict", "overall",
                           "compliance", "realism", "preservation", "technical")
       SELECT "taskId", $1, 'SFT', "editTypeId", 'PASS', 'PASS', 0.65, 0.7, 0.6, 0.6, 0.6 FROM "Edit" ORDER BY "id" LIMIT 1
       RETURNING "id"`,
      [image],
    );
    await expectSameAsSql(list);
    expect(
      (await columns()).page({ overall: { min: 0.65, max: 0.65 } }, "newest", undefined, 100).map((row) => row.id),
    ).toContain(added);

    await pool.query(`DELETE FROM "Edit" WHERE "id" = $1`, [added]);
    await pool.query(
      `UPDATE "Task" SET "shortInstruction" = 'Cover the lighthouse in zebra stripes' WHERE "id" = (SELECT min("taskId") FROM "Edit")`,
    );
    await expectSameAsSql([...list, { q: "zebra stripes" }]);
    expect((await columns()).page({ q: "zebra stripes" }, "newest", undefined, 100).length).toBeGreaterThan(0);
    expect(
      (await columns()).page({ overall: { min: 0.65, max: 0.65 } }, "newest", undefined, 100).map((row) => row.id),
    ).not.toContain(added);
  });

  it("reads a write that commits after a later one was read", async () => {
    const [first, second] = (
      await pool.query<{ id: number }>(`SELECT "id" FROM "Edit" WHERE "judgeVerdict" IS NOT NULL ORDER BY "id" LIMIT 2`)
    ).rows;
    const slow = await pool.connect();
    try {
      await slow.query("BEGIN");
      await slow.query(`UPDATE "Edit" SET "realism" = 0.123 WHERE "id" = $1`, [first!.id]);
      await pool.query(`UPDATE "Edit" SET "realism" = 0.456 WHERE "id" = $1`, [second!.id]);
      const ids = (range: number) =>
        columns().then((current) =>
          current.page({ realism: { min: range, max: range } }, "newest", undefined, 10).map((row) => row.id),
        );
      expect(await ids(0.456)).toEqual([second!.id]);
      expect(await ids(0.123)).toEqual([]);
      await slow.query("COMMIT");
      expect(await ids(0.123)).toEqual([first!.id]);
    } finally {
      slow.release();
    }
  });

  it("loads again after a bulk write, and is as the SQL after it", async () => {
    // 1,001 new edits in one statement, as an import's chunk writes them.
    await pool.query(
      `WITH images AS (INSERT INTO "Image" ("uri") SELECT 'https://example.test/bulk-' || g FROM generate_series(1, 1001) g RETURNING "id")
       INSERT INTO "Edit" ("taskId", "outputImageId", "origin", "editTypeId")
       SELECT t."id", i."id", 'MULTI_TURN', t."editTypeId" FROM images i CROSS JOIN (SELECT * FROM "Task" ORDER BY "id" LIMIT 1) t`,
    );
    expect(await index.current()).toBeUndefined();
    await expectSameAsSql(await filters());
  });

  it("deletes the log's rows older than an hour after a read", async () => {
    await pool.query(`INSERT INTO "GalleryChange" ("editId", "createdAt") VALUES (NULL, now() - interval '2 hours')`);
    const old = async () =>
      (await one(`SELECT count(*)::int AS n FROM "GalleryChange" WHERE "createdAt" < now() - interval '1 hour'`)).n;
    expect(await old()).toBe(1);
    const fresh = new EditIndex(
      () => pool,
      () => Promise.resolve(undefined),
    );
    await fresh.start();
    expect(await fresh.current()).toBeDefined();
    for (let tries = 0; tries < 40 && (await old()) > 0; tries++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await old()).toBe(0);
  });
});
