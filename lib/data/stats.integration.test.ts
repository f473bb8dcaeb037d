import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { getHomeStats } from "./stats";

// The home page's figures against counts taken straight from the tables.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const count = async (sql: string) => Number((await client.query<{ n: string }>(sql)).rows[0]?.n);

beforeAll(() => client.connect());
afterAll(() => client.end());

describe("getHomeStats", () => {
  it("counts tasks and edits per subset", async () => {
    const stats = await getHomeStats();
    expect(stats.totals.tasks).toBe(await count(`SELECT count(*) AS n FROM "Task"`));
    expect(stats.totals.edits).toBe(await count(`SELECT count(*) AS n FROM "Edit"`));
    const subset = (name: string) => stats.subsets.find((s) => s.subset === name);
    expect(subset("sft")?.edits).toBe(await count(`SELECT count(*) AS n FROM "Edit" WHERE "origin" = 'SFT'`));
    expect(subset("preference")?.edits).toBe(
      await count(`SELECT count(*) AS n FROM "Edit" WHERE "origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED')`),
    );
    expect(subset("preference")?.tasks).toBe(
      await count(
        `SELECT count(DISTINCT "taskId") AS n FROM "Edit" WHERE "origin" IN ('PREFERENCE_CHOSEN', 'PREFERENCE_REJECTED')`,
      ),
    );
    expect(subset("multi-turn")?.tasks).toBe(
      await count(`SELECT count(DISTINCT "taskId") AS n FROM "Edit" WHERE "origin" = 'MULTI_TURN'`),
    );
    expect(stats.subsets.reduce((sum, s) => sum + s.edits, 0)).toBe(stats.totals.edits);
  });

  it("counts edits per category over all 8 categories, and verdicts, reviews and the last import", async () => {
    const stats = await getHomeStats();
    expect(stats.categories).toHaveLength(8);
    expect(stats.categories.reduce((sum, c) => sum + c.edits, 0)).toBe(
      await count(`SELECT count(*) AS n FROM "Edit" WHERE "editTypeId" IS NOT NULL`),
    );
    expect(stats.judge.passed).toBe(await count(`SELECT count(*) AS n FROM "Judgement" WHERE "passed"`));
    expect(stats.effective.passed).toBe(
      await count(`SELECT count(*) AS n FROM "Edit" WHERE "effectiveVerdict" = 'PASS'`),
    );
    expect(stats.reviews.reviews).toBe(await count(`SELECT count(*) AS n FROM "Review"`));
    expect(stats.reviews.reviews).toBeGreaterThan(0);
    expect(stats.lastImport?.kind).toBe("DEMO");
    expect(stats.lastImport?.source).toMatch(/^demo --tasks \d+ --seed \d+$/);
  });
});
