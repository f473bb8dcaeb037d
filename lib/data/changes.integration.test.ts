import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { curationTransaction } from "../curation/transaction";
import { APPLICATION_NAME, cached, caughtUp, closeChangeFeed } from "./changes";

// The cache against real notifications: writes from another connection, as an import or
// another app process would make them.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const URI = `changes test ${process.pid}`;

beforeAll(() => client.connect());
afterAll(async () => {
  await client.query(`DELETE FROM "Image" WHERE "uri" LIKE $1`, [`${URI}%`]);
  await client.end();
  await closeChangeFeed();
});

// A computation that counts its runs.
function counter() {
  let runs = 0;
  return { compute: async () => ++runs, runs: () => runs };
}

let images = 0;
const addImage = () => client.query(`INSERT INTO "Image" ("uri") VALUES ($1)`, [`${URI} ${++images}`]);

describe("cached", () => {
  it("is dropped by a curation write, which notifies once it has committed, and not by one rolled back", async () => {
    const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
    const touchReview = (client: pg.ClientBase) =>
      client.query(
        `UPDATE "PreferencePair" SET "provenance" = "provenance" WHERE "id" = (SELECT min("id") FROM "PreferencePair")`,
      );
    try {
      const { compute } = counter();
      expect(await cached("pairs 1", ["PreferencePair"], compute)).toBe(1);
      await curationTransaction(pool, async (client) => {
        await touchReview(client);
        // The triggers say nothing while the transaction runs: the notification comes after.
        const { rows } = await client.query(`SELECT current_setting('pico.defer_notify') AS deferred`);
        expect(rows[0].deferred).toBe("on");
      });
      await caughtUp();
      expect(await cached("pairs 1", ["PreferencePair"], compute)).toBe(2);
      await expect(
        curationTransaction(pool, async (client) => {
          await touchReview(client);
          throw new Error("refused");
        }),
      ).rejects.toThrow("refused");
      await caughtUp();
      expect(await cached("pairs 1", ["PreferencePair"], compute)).toBe(2);
    } finally {
      await pool.end();
    }
  });

  it("computes once while its tables stay as they were, and again after one changes", async () => {
    const { compute, runs } = counter();
    expect(await cached("images 1", ["Image"], compute)).toBe(1);
    expect(await cached("images 1", ["Image"], compute)).toBe(1);
    await addImage();
    await caughtUp();
    expect(await cached("images 1", ["Image"], compute)).toBe(2);
    expect(runs()).toBe(2);
  });

  it("keeps its value through writes to other tables and rolled-back writes", async () => {
    const { compute } = counter();
    expect(await cached("tasks 1", ["Task"], compute)).toBe(1);
    await addImage();
    await client.query("BEGIN");
    await client.query(
      `UPDATE "Task" SET "shortInstruction" = "shortInstruction" WHERE "id" = (SELECT min("id") FROM "Task")`,
    );
    await client.query("ROLLBACK");
    await caughtUp();
    expect(await cached("tasks 1", ["Task"], compute)).toBe(1);
  });

  it("is dropped by a change to any of its tables", async () => {
    const { compute } = counter();
    expect(await cached("two tables", ["Task", "Image"], compute)).toBe(1);
    await addImage();
    await caughtUp();
    expect(await cached("two tables", ["Task", "Image"], compute)).toBe(2);
  });

  it("reads a review's verdicts live: only rows, types and scores of Edit drop what is cached from it", async () => {
    const { compute } = counter();
    const edit = `(SELECT min("id") FROM "Edit")`;
    expect(await cached("edits", ["Edit"], compute)).toBe(1);
    await client.query(
      `UPDATE "Edit" SET "humanVerdict" = "humanVerdict", "effectiveVerdict" = "effectiveVerdict" WHERE "id" = ${edit}`,
    );
    await caughtUp();
    expect(await cached("edits", ["Edit"], compute)).toBe(1);
    await client.query(`UPDATE "Edit" SET "compliance" = "compliance" WHERE "id" = ${edit}`);
    await caughtUp();
    expect(await cached("edits", ["Edit"], compute)).toBe(2);
  });

  it("never keeps a value computed while a write committed", async () => {
    let runs = 0;
    // The first computation sees the old table, then a write commits before it returns.
    const compute = async () => {
      runs++;
      if (runs === 1) {
        await addImage();
        await caughtUp();
      }
      return runs;
    };
    expect(await cached("raced", ["Image"], compute)).toBe(1);
    expect(await cached("raced", ["Image"], compute)).toBe(2);
    expect(await cached("raced", ["Image"], compute)).toBe(2);
  });

  it("shares one computation between callers that ask at once", async () => {
    const { compute, runs } = counter();
    const values = await Promise.all(Array.from({ length: 5 }, () => cached("shared", ["Sequence"], compute)));
    expect(values).toEqual([1, 1, 1, 1, 1]);
    expect(runs()).toBe(1);
  });

  it("does not keep a failed computation", async () => {
    let runs = 0;
    const compute = async () => {
      if (++runs === 1) throw new Error("the database went away");
      return runs;
    };
    await expect(cached("failing", ["Review"], compute)).rejects.toThrow("the database went away");
    expect(await cached("failing", ["Review"], compute)).toBe(2);
  });

  it("computes again, and listens again, after its connection is cut", async () => {
    const { compute } = counter();
    expect(await cached("cut", ["Image"], compute)).toBe(1);
    const cut = await client.query(
      `SELECT pg_terminate_backend("pid") AS cut FROM pg_stat_activity WHERE "application_name" = $1 AND "pid" <> pg_backend_pid()`,
      [APPLICATION_NAME],
    );
    expect(cut.rowCount).toBe(1);
    // The feed learns of the cut from its connection's error, a moment later.
    await expect.poll(() => cached("cut", ["Image"], compute)).toBeGreaterThan(1);
    const after = await cached("cut", ["Image"], compute);
    expect(await cached("cut", ["Image"], compute)).toBe(after);
    await addImage();
    await caughtUp();
    expect(await cached("cut", ["Image"], compute)).toBe(after + 1);
  });
});
