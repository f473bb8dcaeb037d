import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { closeChangeFeed } from "./changes";
import { getSequence } from "./sequences";

// getSequence against the demo database's sequences, turn by turn.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });

beforeAll(() => client.connect());
afterAll(async () => {
  await client.end();
  await closeChangeFeed();
});

describe("getSequence", () => {
  it("is null for a sequence that does not exist", async () => {
    expect(await getSequence(2147483647)).toBeNull();
  });

  it("has every turn in order with its edit, prompt, output and verdict, and marks the turns after a failure", async () => {
    const { rows: sequences } = await client.query<{ id: number; original: number }>(
      `SELECT s."id", s."originalImageId" AS original FROM "Sequence" s
       WHERE EXISTS (SELECT 1 FROM "SequenceTurn" st JOIN "Edit" e ON e."id" = st."editId" WHERE st."sequenceId" = s."id" AND e."effectiveVerdict" = 'FAIL')
       ORDER BY s."id" LIMIT 5`,
    );
    expect(sequences.length).toBeGreaterThan(0);
    for (const { id, original } of sequences) {
      const sequence = await getSequence(id);
      const { rows: turns } = await client.query(
        `SELECT st."position", e."id" AS "editId", t."shortInstruction" AS prompt, e."outputImageId", e."effectiveVerdict" AS verdict
         FROM "SequenceTurn" st JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId"
         WHERE st."sequenceId" = $1 ORDER BY st."position"`,
        [id],
      );
      expect(sequence?.original.id).toBe(original);
      expect(
        sequence?.turns.map((turn) => ({
          position: turn.position,
          editId: turn.editId,
          prompt: turn.prompt,
          outputImageId: turn.output.id,
          verdict: turn.verdict,
        })),
      ).toEqual(turns);
      const firstFailure = turns.findIndex((turn) => turn.verdict === "FAIL");
      expect(sequence?.turns.map((turn) => turn.afterFailure)).toEqual(turns.map((_, i) => i > firstFailure));
    }
  });
});
