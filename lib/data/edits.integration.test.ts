import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { countFacets, findEdits } from "./edits";

// Gallery pages and facet counts on the run's demo database.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const ids = async (sql: string, values: unknown[] = []) => (await client.query<{ id: number }>(sql, values)).rows.map((row) => row.id);

beforeAll(() => client.connect());
afterAll(() => client.end());

describe("findEdits", () => {
  it("walks every edit once, newest first, page by page", async () => {
    const seen: number[] = [];
    let cursor: number | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await findEdits({}, { cursor, limit: 7 });
      seen.push(...page.items.map((item) => item.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(await ids(`SELECT "id" FROM "Edit" ORDER BY "id" DESC`));
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
    const second = await findEdits({}, { cursor: first.nextCursor as number, limit: 5 });
    const [image] = await ids(`INSERT INTO "Image" ("uri") VALUES ('test/new-' || clock_timestamp()) RETURNING "id"`);
    const [task] = await ids(`INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash") VALUES ($1, 'new', 'new', md5(clock_timestamp()::text)) RETURNING "id"`, [image]);
    const [edit] = await ids(`INSERT INTO "Edit" ("taskId", "outputImageId", "origin") VALUES ($1, $2, 'SFT') RETURNING "id"`, [task, image]);
    try {
      expect((await findEdits({}, { limit: 1 })).items[0]?.id).toBe(edit);
      expect(await findEdits({}, { cursor: first.nextCursor as number, limit: 5 })).toEqual(second);
    } finally {
      await client.query(`DELETE FROM "Edit" WHERE "id" = $1`, [edit]);
      await client.query(`DELETE FROM "Task" WHERE "id" = $1`, [task]);
      await client.query(`DELETE FROM "Image" WHERE "id" = $1`, [image]);
    }
  });
});

describe("countFacets", () => {
  it("counts each facet under the rest of the filter", async () => {
    const [type] = await ids(`SELECT "editTypeId" AS id FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const facets = await countFacets({ types: [type as number], judge: "pass" });
    expect(facets.total).toBe((await ids(`SELECT "id" FROM "Edit" WHERE "editTypeId" = $1 AND "judgeVerdict" = 'PASS'`, [type])).length);
    // The type facet ignores the type filter: every type with passing edits is counted.
    const byType = (await client.query<{ value: string; count: number }>(`SELECT "editTypeId"::text AS value, count(*)::int AS count FROM "Edit" WHERE "judgeVerdict" = 'PASS' AND "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY 1`)).rows;
    expect(facets.types).toEqual(byType);
    expect(facets.types.length).toBeGreaterThan(1);
    // The judge facet ignores the judge filter, within the chosen type.
    const byJudge = (await client.query<{ value: string; count: number }>(`SELECT COALESCE(lower("judgeVerdict"::text), 'none') AS value, count(*)::int AS count FROM "Edit" WHERE "editTypeId" = $1 GROUP BY 1 ORDER BY 1`, [type])).rows;
    expect(facets.judge).toEqual(byJudge);
    expect(facets.subsets.reduce((sum, s) => sum + s.count, 0)).toBe(facets.total);
  });
});
