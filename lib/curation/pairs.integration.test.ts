import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createRandom } from "../demo/random";
import { derivePreferencePairs, type PairInput } from "./preference-pairs";
import { syncPairs } from "./pairs";

// The pair rule is written twice: in TypeScript (preference-pairs.ts, per task) and in SQL
// (pairs.ts, over many tasks at once). Over the same tasks, verdicts drawn at random
// round after round (a verdict taken back to none included), both must give the same pairs,
// and the pairs of the round before with the round's logged changes must give them too.
// All of it in one transaction, rolled back.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
beforeAll(() => client.connect());
afterAll(() => client.end());

type Row = PairInput & { taskId: number };
const VERDICTS = ["PASS", "FAIL", null] as const;

describe("syncPairs", () => {
  it("keeps the same pairs as derivePreferencePairs through random changes of verdicts", async () => {
    const random = createRandom("sync-pairs");
    await client.query("BEGIN");
    try {
      const { rows: tasks } = await client.query<{ id: number }>(
        `SELECT "taskId" AS id FROM "Edit" GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 120`,
      );
      const taskIds = tasks.map((task) => task.id);
      // Scores need a judge verdict (a check): these edits lose theirs for the test.
      await client.query(
        `UPDATE "Edit" SET "overall" = NULL, "compliance" = NULL, "realism" = NULL, "preservation" = NULL, "technical" = NULL
         WHERE "taskId" = ANY($1::int[])`,
        [taskIds],
      );
      const pairsNow = async () =>
        (
          await client.query<{ pair: string }>(
            `SELECT "chosenEditId" || '>' || "rejectedEditId" AS pair FROM "PreferencePair" WHERE "taskId" = ANY($1::int[])`,
            [taskIds],
          )
        ).rows.map((row) => row.pair);
      for (let round = 0; round < 6; round++) {
        const before = await pairsNow();
        const { rows: edits } = await client.query<{ id: number }>(
          `SELECT "id" FROM "Edit" WHERE "taskId" = ANY($1::int[])`,
          [taskIds],
        );
        for (const edit of edits) {
          const judge = random.pick([...VERDICTS]);
          const human = random.next() < 0.3 ? random.pick([...VERDICTS]) : null;
          await client.query(
            `UPDATE "Edit" SET "judgeVerdict" = $2, "humanVerdict" = $3, "effectiveVerdict" = $4 WHERE "id" = $1`,
            [edit.id, judge, human, human ?? judge],
          );
        }
        await syncPairs(client, taskIds, { importBatchId: -(round + 1) });

        const { rows } = await client.query<Row>(
          `SELECT "id", "taskId", "effectiveVerdict", "humanVerdict" FROM "Edit" WHERE "taskId" = ANY($1::int[])`,
          [taskIds],
        );
        const expected = taskIds
          .flatMap((taskId) => derivePreferencePairs(rows.filter((row) => row.taskId === taskId)))
          .map((pair) => `${pair.chosenEditId}>${pair.rejectedEditId} ${pair.provenance}`)
          .sort();
        const { rows: stored } = await client.query<{ pair: string }>(
          `SELECT "chosenEditId" || '>' || "rejectedEditId" || ' ' || "provenance" AS pair
           FROM "PreferencePair" WHERE "taskId" = ANY($1::int[])`,
          [taskIds],
        );
        expect(stored.map((row) => row.pair).sort(), `round ${round}`).toEqual(expected);
        const { rows: log } = await client.query<{ pair: string; kind: string }>(
          `SELECT "chosenEditId" || '>' || "rejectedEditId" AS pair, "kind" FROM "PairChange"
           WHERE "importBatchId" = $1 AND "taskId" = ANY($2::int[])`,
          [-(round + 1), taskIds],
        );
        const replayed = new Set(before);
        for (const change of log) {
          if (change.kind === "ADDED") replayed.add(change.pair);
          else replayed.delete(change.pair);
        }
        expect([...replayed].sort(), `round ${round} replayed from the log`).toEqual(
          expected.map((pair) => pair.split(" ")[0]).sort(),
        );
        expect(expected.length, `round ${round} has pairs to compare`).toBeGreaterThan(0);
      }
    } finally {
      await client.query("ROLLBACK");
    }
  });
});
