import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CRITERIA } from "../scoring/scoring";
import { parseCursor, SORTS, type Sort } from "../sql/gallery-order";
import type { EditFilter } from "../schemas/edit-filter";
import { countFacets, findEdits, findNeighbours } from "./edits";

// Gallery pages and facet counts on the run's demo database.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const ids = async (sql: string, values: unknown[] = []) =>
  (await client.query<{ id: number }>(sql, values)).rows.map((row) => row.id);

beforeAll(() => client.connect());
afterAll(() => client.end());

let failed = new Set<number>();
beforeAll(async () => {
  failed = new Set(await ids(`SELECT "id" FROM "Edit" WHERE "effectiveVerdict" = 'FAIL'`));
});

// Every id of a view, page by page through the cursors.
async function walk(filter: EditFilter, sort: Sort, seed = 1): Promise<number[]> {
  const seen: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const parsed = cursor === null ? undefined : parseCursor(sort, cursor);
    if (typeof parsed === "string") throw new Error(parsed);
    const page = await findEdits(filter, { sort, seed, cursor: parsed, limit: 7 });
    seen.push(...page.items.map((item) => item.id));
    if (page.nextCursor === null) break;
    cursor = page.nextCursor;
  }
  return seen;
}

// Each sort's order as a sort of the rows in JavaScript: scored rows by the score, then
// unscored ones by id in the same direction; ties by id.
async function expectedOrders(seed: number): Promise<(sort: Sort) => number[]> {
  const { rows } = await client.query<Record<string, number | null> & { id: number; hash: number }>(
    `SELECT "id", "overall", ${CRITERIA.map((c) => `"${c}"`).join(", ")}, hashint4("id" # $1) AS hash FROM "Edit"`,
    [seed],
  );
  expect(rows.some((row) => row.overall === null)).toBe(true);
  return (sort) => {
    const by = (key: (row: (typeof rows)[number]) => number) =>
      [...rows].sort((a, b) => key(a) - key(b) || a.id - b.id).map((row) => row.id);
    if (sort === "newest") return by((row) => -row.id);
    if (sort === "oldest") return by((row) => row.id);
    if (sort === "random") return by((row) => row.hash);
    const [score, direction] = sort.split("_") as [string, "asc" | "desc"];
    const sign = direction === "asc" ? 1 : -1;
    const scored = rows
      .filter((row) => row[score] !== null)
      .sort((a, b) => sign * ((a[score] as number) - (b[score] as number) || a.id - b.id));
    const unscored = rows.filter((row) => row[score] === null).sort((a, b) => sign * (a.id - b.id));
    return [...scored, ...unscored].map((row) => row.id);
  };
}

// The oracle's bins: the 20 lower bounds 0, 0.05, ..., 0.95 as written in SQL, independent of
// lib/scoring/overall-bins.ts. width_bucket over them gives NULL for an unscored edit.
const BIN_LOWER_BOUNDS = "(SELECT array_agg(i / 20.0::float8 ORDER BY i) FROM generate_series(0, 19) i)";

describe("findEdits", () => {
  it("walks every edit once in each sort, in the order an independent sort of the rows gives", async () => {
    // The demo scores every edit: three unscored ones show where those go.
    const [task] = await ids(`SELECT "taskId" AS id FROM "Edit" LIMIT 1`);
    const images = await ids(
      `INSERT INTO "Image" ("uri") SELECT 'test/unscored-' || n || '-' || clock_timestamp() FROM generate_series(1, 3) n RETURNING "id"`,
    );
    const unscored = await ids(
      `INSERT INTO "Edit" ("taskId", "outputImageId", "origin") SELECT $1, unnest($2::int[]), 'MULTI_TURN' RETURNING "id"`,
      [task, images],
    );
    try {
      const expected = await expectedOrders(42);
      for (const sort of SORTS) expect(await walk({}, sort, 42), sort).toEqual(expected(sort));
      expect(await walk({ effective: "fail" }, "overall_asc", 42)).toEqual(
        expected("overall_asc").filter((id) => failed.has(id)),
      );
      expect(await walk({}, "random", 43)).not.toEqual(expected("random"));
      // Named types are read type by type and merged.
      const inCategory = new Set(
        await ids(`SELECT e."id" FROM "Edit" e JOIN "EditType" t ON t."id" = e."editTypeId" WHERE t."categoryId" = 2`),
      );
      const twoTypes = new Set(
        await ids(`SELECT "id" FROM "Edit" WHERE "editTypeId" IN (1, 3) AND "judgeVerdict" = 'PASS'`),
      );
      for (const sort of ["newest", "oldest"] as const) {
        expect(await walk({ categories: [2] }, sort, 42), sort).toEqual(
          expected(sort).filter((id) => inCategory.has(id)),
        );
        expect(await walk({ types: [3, 1], judge: "pass" }, sort, 42), sort).toEqual(
          expected(sort).filter((id) => twoTypes.has(id)),
        );
      }
      expect(inCategory.size).toBeGreaterThan(7);
      // A score range is read verdict by verdict (pass, then fail) and merged.
      const midScores = new Set(await ids(`SELECT "id" FROM "Edit" WHERE "overall" BETWEEN 0.6 AND 0.8`));
      for (const sort of ["newest", "oldest"] as const) {
        expect(await walk({ overall: { min: 0.6, max: 0.8 } }, sort, 42), sort).toEqual(
          expected(sort).filter((id) => midScores.has(id)),
        );
      }
      expect(midScores.size).toBeGreaterThan(7);
    } finally {
      await client.query(`DELETE FROM "Edit" WHERE "id" = ANY($1)`, [unscored]);
      await client.query(`DELETE FROM "Image" WHERE "id" = ANY($1)`, [images]);
    }
  });

  it("returns what a card shows, under a filter", async () => {
    const page = await findEdits({ effective: "fail", subsets: ["preference"] }, { limit: 3 });
    expect(page.items.length).toBe(3);
    for (const item of page.items) {
      expect(item.effectiveVerdict).toBe("FAIL");
      expect(typeof item.shortInstruction).toBe("string");
      expect(item.sourceImageId).not.toBe(item.outputImageId);
    }
  });

  it("keeps the next page the same while new edits arrive", async () => {
    const first = await findEdits({}, { limit: 5 });
    const cursor = parseCursor("newest", first.nextCursor as string) as { key: null; id: number };
    const second = await findEdits({}, { cursor, limit: 5 });
    const byScore = await findEdits({}, { sort: "overall_desc", limit: 5 });
    const scoreCursor = parseCursor("overall_desc", byScore.nextCursor as string) as { key: number; id: number };
    const secondByScore = await findEdits({}, { sort: "overall_desc", cursor: scoreCursor, limit: 5 });
    const [image] = await ids(`INSERT INTO "Image" ("uri") VALUES ('test/new-' || clock_timestamp()) RETURNING "id"`);
    const [task] = await ids(
      `INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash") VALUES ($1, 'new', 'new', md5(clock_timestamp()::text)) RETURNING "id"`,
      [image],
    );
    // Scored above every page read so far: it belongs before the cursor in both sorts.
    const [edit] = await ids(
      `INSERT INTO "Edit" ("taskId", "outputImageId", "origin", "judgeVerdict", "overall") VALUES ($1, $2, 'SFT', 'PASS', 1) RETURNING "id"`,
      [task, image],
    );
    try {
      expect((await findEdits({}, { limit: 1 })).items[0]?.id).toBe(edit);
      expect((await findEdits({}, { sort: "overall_desc", limit: 1 })).items[0]?.id).toBe(edit);
      expect(await findEdits({}, { cursor, limit: 5 })).toEqual(second);
      expect(await findEdits({}, { sort: "overall_desc", cursor: scoreCursor, limit: 5 })).toEqual(secondByScore);
    } finally {
      await client.query(`DELETE FROM "Edit" WHERE "id" = $1`, [edit]);
      await client.query(`DELETE FROM "Task" WHERE "id" = $1`, [task]);
      await client.query(`DELETE FROM "Image" WHERE "id" = $1`, [image]);
    }
  });
});

describe("countFacets", () => {
  it("counts each facet under the rest of the filter", async () => {
    const [type] = await ids(
      `SELECT "editTypeId" AS id FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const facets = await countFacets({ types: [type as number], judge: "pass" });
    expect(facets.total).toBe(
      (await ids(`SELECT "id" FROM "Edit" WHERE "editTypeId" = $1 AND "judgeVerdict" = 'PASS'`, [type])).length,
    );
    // The type facet ignores the type filter: every type with passing edits is counted.
    const byType = (
      await client.query<{ value: string; count: number }>(
        `SELECT "editTypeId"::text AS value, count(*)::int AS count FROM "Edit" WHERE "judgeVerdict" = 'PASS' AND "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY 1`,
      )
    ).rows;
    expect(facets.types).toEqual(byType);
    expect(facets.types.length).toBeGreaterThan(1);
    // The judge facet ignores the judge filter, within the chosen type.
    const byJudge = (
      await client.query<{ value: string; count: number }>(
        `SELECT COALESCE(lower("judgeVerdict"::text), 'none') AS value, count(*)::int AS count FROM "Edit" WHERE "editTypeId" = $1 GROUP BY 1 ORDER BY 1`,
        [type],
      )
    ).rows;
    expect(facets.judge).toEqual(byJudge);
    expect(facets.subsets.reduce((sum, s) => sum + s.count, 0)).toBe(facets.total);
  });

  it("counts every facet as one GROUP BY per facet under the rest of the filter would", async () => {
    const naive = async (filter: { where: string; values: unknown[] }, expression: string) =>
      (
        await client.query<{ value: string; count: number }>(
          `SELECT ${expression} AS value, count(*)::int AS count FROM "Edit" e LEFT JOIN "EditType" et ON et."id" = e."editTypeId" JOIN "Task" t ON t."id" = e."taskId" WHERE ${filter.where} GROUP BY 1 HAVING ${expression} IS NOT NULL ORDER BY 1`,
          filter.values,
        )
      ).rows;
    const [category] = await ids(
      `SELECT "categoryId" AS id FROM "EditType" et JOIN "Edit" e ON e."editTypeId" = et."id" GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const cases: { filter: EditFilter; without: Record<string, string> }[] = [
      { filter: {}, without: {} },
      {
        filter: { categories: [category as number], reviewed: false, judge: "fail" },
        without: {
          categories: `e."humanVerdict" IS NULL AND e."judgeVerdict" = 'FAIL'`,
          judge: `et."categoryId" = ${category} AND e."humanVerdict" IS NULL`,
          rest: `et."categoryId" = ${category} AND e."humanVerdict" IS NULL AND e."judgeVerdict" = 'FAIL'`,
        },
      },
      {
        filter: { categories: [category as number], subsets: ["preference"], effective: "fail", q: "the" },
        without: {
          categories: `e."origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED') AND e."effectiveVerdict" = 'FAIL' AND t."shortInstruction" ILIKE '%the%'`,
          subsets: `et."categoryId" = ${category} AND e."effectiveVerdict" = 'FAIL' AND t."shortInstruction" ILIKE '%the%'`,
          effective: `et."categoryId" = ${category} AND e."origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED') AND t."shortInstruction" ILIKE '%the%'`,
          rest: `et."categoryId" = ${category} AND e."origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED') AND e."effectiveVerdict" = 'FAIL' AND t."shortInstruction" ILIKE '%the%'`,
        },
      },
    ];
    const [type] = await ids(
      `SELECT "editTypeId" AS id FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
    );
    const range = `e."overall" >= 0.5 AND e."overall" <= 0.9`;
    cases.push({
      filter: { types: [type as number], effective: "pass", overall: { min: 0.5, max: 0.9 } },
      without: {
        types: `e."effectiveVerdict" = 'PASS' AND ${range}`,
        categories: `e."editTypeId" = ${type} AND e."effectiveVerdict" = 'PASS' AND ${range}`,
        effective: `e."editTypeId" = ${type} AND ${range}`,
        overall: `e."editTypeId" = ${type} AND e."effectiveVerdict" = 'PASS'`,
        rest: `e."editTypeId" = ${type} AND e."effectiveVerdict" = 'PASS' AND ${range}`,
      },
    });
    for (const { filter, without } of cases) {
      const facets = await countFacets(filter);
      const where = (facet: string) => ({ where: without[facet] ?? without.rest ?? "TRUE", values: [] });
      expect(facets.categories, JSON.stringify(filter)).toEqual(
        await naive(where("categories"), `et."categoryId"::text`),
      );
      expect(facets.types).toEqual(await naive(where("types"), `e."editTypeId"::text`));
      expect(facets.subsets).toEqual(
        await naive(
          where("subsets"),
          `CASE e."origin" WHEN 'SFT' THEN 'sft' WHEN 'MULTI_TURN' THEN 'multi-turn' ELSE 'preference' END`,
        ),
      );
      expect(facets.effective).toEqual(
        await naive(where("effective"), `COALESCE(lower(e."effectiveVerdict"::text), 'none')`),
      );
      expect(facets.judge).toEqual(await naive(where("judge"), `COALESCE(lower(e."judgeVerdict"::text), 'none')`));
      expect(facets.overall).toEqual(
        await naive(where("overall"), `width_bucket(e."overall", ${BIN_LOWER_BOUNDS})::text`),
      );
      const [total] = await naive(where("rest"), `'all'`);
      expect(facets.total).toBe(total?.count ?? 0);
      expect(facets.total).toBeGreaterThan(0);
    }
  });
});

describe("findNeighbours", () => {
  it("steps from an edit to its neighbours in the view, both ways", async () => {
    for (const sort of ["newest", "overall_desc", "realism_asc", "random"] as const) {
      const order = await walk({ subsets: ["sft", "multi-turn"] }, sort, 3);
      for (const index of [0, 1, Math.floor(order.length / 2), order.length - 1]) {
        const neighbours = await findNeighbours(
          { subsets: ["sft", "multi-turn"] },
          { sort, seed: 3 },
          order[index] as number,
        );
        expect(neighbours, `${sort} #${index}`).toEqual({
          previous: order[index - 1] ?? null,
          next: order[index + 1] ?? null,
          inView: true,
        });
      }
    }
  });

  it("has no neighbours for an edit outside the view", async () => {
    const [rejected] = await ids(`SELECT "id" FROM "Edit" WHERE "origin" = 'PREFERENCE_REJECTED' LIMIT 1`);
    expect(await findNeighbours({ subsets: ["sft"] }, { sort: "newest", seed: 1 }, rejected as number)).toEqual({
      previous: null,
      next: null,
      inView: false,
    });
  });
});

describe("EditFacetCount", () => {
  const recount = `SELECT COALESCE("editTypeId", 0) AS type, "origin", COALESCE("judgeVerdict"::text, 'none') AS judge, COALESCE("humanVerdict"::text, 'none') AS human,
                          COALESCE("effectiveVerdict"::text, 'none') AS effective, COALESCE(width_bucket("overall", ${BIN_LOWER_BOUNDS}), 0) AS bin,
                          COALESCE("signalFlags", -1) AS flags, count(*)::int AS count
                   FROM "Edit" GROUP BY 1, 2, 3, 4, 5, 6, 7 ORDER BY 1, 2, 3, 4, 5, 6, 7`;
  const kept = `SELECT "editTypeId" AS type, "origin", "judgeVerdict" AS judge, "humanVerdict" AS human, "effectiveVerdict" AS effective, "bin", "flags", "count"::int AS count
                FROM "EditFacetCount" WHERE "count" <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7`;
  const expectKept = async () => expect((await client.query(kept)).rows).toEqual((await client.query(recount)).rows);
  const flagsOf = async (edits: number[]) =>
    (
      await client.query<{ flags: number | null }>(
        `SELECT "signalFlags" AS flags FROM "Edit" WHERE "id" = ANY($1) ORDER BY "id"`,
        [edits],
      )
    ).rows.map((row) => row.flags);

  it("holds what a GROUP BY of the edits gives, through inserts, updates, deletes and a rollback", async () => {
    await expectKept();
    const [task] = await ids(`SELECT "taskId" AS id FROM "Edit" WHERE "editTypeId" IS NOT NULL LIMIT 1`);
    const images = await ids(
      `INSERT INTO "Image" ("uri") SELECT 'test/counted-' || n || '-' || clock_timestamp() FROM generate_series(1, 4) n RETURNING "id"`,
    );
    const added = await ids(
      `INSERT INTO "Edit" ("taskId", "outputImageId", "origin", "editTypeId", "judgeVerdict", "effectiveVerdict", "overall")
       SELECT $1, image, 'SFT', 2, 'PASS', 'PASS', 0.71 + n * 0.07 FROM unnest($2::int[]) WITH ORDINALITY AS x(image, n) RETURNING "id"`,
      [task, images],
    );
    try {
      await expectKept();
      await client.query(
        `UPDATE "Edit" SET "humanVerdict" = 'FAIL', "effectiveVerdict" = 'FAIL', "overall" = 0.2 WHERE "id" = ANY($1)`,
        [added.slice(0, 2)],
      );
      await expectKept();
      await client.query("BEGIN");
      await client.query(`UPDATE "Edit" SET "editTypeId" = 3 WHERE "id" = ANY($1)`, [added]);
      await client.query("ROLLBACK");
      await expectKept();
      // Signals set the edits' flag bits (1 no-op, 2 over-edit, 4 size, 8 unavailable),
      // and the counts follow.
      await client.query(
        `INSERT INTO "EditSignal" ("editId", "available", "noOp", "overEdit", "sizeChanged")
         SELECT id, n <> 3, n = 1, n = 2, n IN (1, 2) FROM unnest($1::int[]) WITH ORDINALITY AS x(id, n) WHERE n <= 3`,
        [added],
      );
      expect(await flagsOf(added)).toEqual([5, 6, 8, null]);
      await expectKept();
      await client.query(`UPDATE "EditSignal" SET "noOp" = false WHERE "editId" = $1`, [added[0]]);
      expect(await flagsOf(added)).toEqual([4, 6, 8, null]);
      await expectKept();
      await client.query(`DELETE FROM "EditSignal" WHERE "editId" = ANY($1)`, [added.slice(1)]);
      expect(await flagsOf(added)).toEqual([4, null, null, null]);
      await expectKept();
    } finally {
      await client.query(`DELETE FROM "EditSignal" WHERE "editId" = ANY($1)`, [added]);
      await client.query(`DELETE FROM "Edit" WHERE "id" = ANY($1)`, [added]);
      await client.query(`DELETE FROM "Image" WHERE "id" = ANY($1)`, [images]);
    }
    await expectKept();
  });
});

describe("TaskSearch", () => {
  const expectCopied = async () =>
    expect((await client.query(`SELECT "taskId" AS id, "folded" AS text FROM "TaskSearch" ORDER BY 1`)).rows).toEqual(
      (await client.query(`SELECT "id", lower("shortInstruction") AS text FROM "Task" ORDER BY 1`)).rows,
    );

  it("holds every task's short instruction, in lower case, through inserts, updates and deletes", async () => {
    await expectCopied();
    const [image] = await ids(
      `INSERT INTO "Image" ("uri") VALUES ('test/searched-' || clock_timestamp()) RETURNING "id"`,
    );
    const tasks = await ids(
      `INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash") SELECT $1, 'long ' || n, 'Paint the zebra ' || n, md5(n || clock_timestamp()::text) FROM generate_series(1, 3) n RETURNING "id"`,
      [image],
    );
    try {
      await expectCopied();
      await client.query(`UPDATE "Task" SET "shortInstruction" = 'Paint the okapi' WHERE "id" = $1`, [tasks[0]]);
      await expectCopied();
    } finally {
      await client.query(`DELETE FROM "Task" WHERE "id" = ANY($1)`, [tasks]);
      await client.query(`DELETE FROM "Image" WHERE "id" = $1`, [image]);
    }
    await expectCopied();
  });
});
