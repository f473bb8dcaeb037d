import fs from "node:fs";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { derivePreferencePairs } from "../curation/preference-pairs";
import { RELEASE_JUDGE } from "../import/stage";
import { overallScore, PASS_THRESHOLD } from "../scoring/scoring";
import { CATEGORIES, EDIT_TYPES, TYPE_IDS_BY_CATEGORY_ID } from "../taxonomy/taxonomy";
import { EDITS_OFF_THEIR_CURRENT_JUDGEMENT } from "../testing/invariants";
import { DEMO_JUDGE } from "./write";

// The demo as the global setup wrote it into the run's database: every row checked
// against the rules of the domain, recomputed from the rows themselves.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const demo = JSON.parse(process.env.TEST_DEMO ?? "{}") as { tasks: number };
const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  (await client.query<T>(sql, params)).rows;

// Map.groupBy arrives with Node 21; the project runs on 20.
function groupBy<T, K>(items: T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}

beforeAll(() => client.connect());
afterAll(() => client.end());

describe("taxonomy", () => {
  it("has the 8 categories and 35 edit types, exact strings in paper order", async () => {
    const categories = await rows<{ name: string }>(`SELECT "name" FROM "Category" ORDER BY "position"`);
    expect(categories.map((c) => c.name)).toEqual(CATEGORIES);
    const types = await rows<{ name: string; category: string }>(
      `SELECT t."name", c."name" AS category FROM "EditType" t JOIN "Category" c ON c."id" = t."categoryId" ORDER BY t."position"`,
    );
    expect(types).toEqual(EDIT_TYPES.map((t) => ({ name: t.name, category: t.category })));
    expect(types).toHaveLength(35);
    expect(types.map((t) => t.name)).toContain("Funko-Pop–style toy figure of the person");
    expect(types.map((t) => t.name)).toContain("Change an object's attribute (e.g., color/material)");
    const ids = await rows<{ category: number; types: number[] }>(
      `SELECT "categoryId" AS category, array_agg("id" ORDER BY "id") AS types FROM "EditType" GROUP BY 1 ORDER BY 1`,
    );
    expect(new Map(ids.map((row) => [row.category, row.types]))).toEqual(TYPE_IDS_BY_CATEGORY_ID);
  });
});

describe("demo dataset", () => {
  it("has the requested number of tasks, each with 1 to 3 attempts", async () => {
    const tasks = await rows<{ attempts: number }>(
      `SELECT count(e."id")::int AS attempts FROM "Task" t LEFT JOIN "Edit" e ON e."taskId" = t."id" GROUP BY t."id"`,
    );
    expect(tasks).toHaveLength(demo.tasks);
    for (const task of tasks) expect(task.attempts).toBeGreaterThanOrEqual(1);
    for (const task of tasks) expect(task.attempts).toBeLessThanOrEqual(3);
  });

  it("scores edits on four criteria with overall and verdict from the scoring module, or as the release does", async () => {
    const judged = await rows<{
      judge: string;
      compliance: number | null;
      realism: number | null;
      preservation: number | null;
      technical: number | null;
      overall: number | null;
      passed: boolean;
      edit_overall: number | null;
      judge_verdict: string;
    }>(
      `SELECT j."judge", j."compliance", j."realism", j."preservation", j."technical", j."overall", j."passed",
              e."overall" AS edit_overall, e."judgeVerdict" AS judge_verdict
       FROM "Edit" e JOIN "Judgement" j ON j."editId" = e."id"`,
    );
    expect(await rows(EDITS_OFF_THEIR_CURRENT_JUDGEMENT)).toEqual([]);
    const scored = judged.filter((j) => j.judge === DEMO_JUDGE);
    const release = judged.filter((j) => j.judge === RELEASE_JUDGE);
    expect(scored.length + release.length).toBe(judged.length);
    for (const j of scored) {
      expect(j.overall).toBe(overallScore(j as Parameters<typeof overallScore>[0]));
      expect(j.passed).toBe((j.overall as number) >= PASS_THRESHOLD);
      expect(j.edit_overall).toBe(j.overall);
      expect(j.judge_verdict).toBe(j.passed ? "PASS" : "FAIL");
    }
    // The release's verdicts: passed or failed without criteria, and no overall on the edit.
    for (const j of release) {
      expect([j.compliance, j.realism, j.preservation, j.technical, j.overall, j.edit_overall]).toEqual([
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
      expect(j.judge_verdict).toBe(j.passed ? "PASS" : "FAIL");
    }
    for (const group of [scored, release]) {
      expect(group.some((j) => j.passed)).toBe(true);
      expect(group.some((j) => !j.passed)).toBe(true);
    }
    // Every edit without a judgement is a multi-turn turn the release left without a verdict.
    const unjudged = await rows<{ origin: string; judge: string | null; overall: number | null }>(
      `SELECT e."origin", e."judgeVerdict" AS judge, e."overall" FROM "Edit" e
       WHERE NOT EXISTS (SELECT 1 FROM "Judgement" j WHERE j."editId" = e."id")`,
    );
    expect(unjudged.length).toBeGreaterThan(0);
    expect(unjudged.every((edit) => edit.origin === "MULTI_TURN" && edit.judge === null && edit.overall === null)).toBe(
      true,
    );
  });

  it("keeps the effective verdict equal to the newest review's, else the judge's", async () => {
    const edits = await rows<{ effective: string; judge: string; human: string | null; newest: string | null }>(
      `SELECT e."effectiveVerdict" AS effective, e."judgeVerdict" AS judge, e."humanVerdict" AS human,
              (SELECT r."verdict" FROM "Review" r WHERE r."editId" = e."id" ORDER BY r."createdAt" DESC, r."id" DESC LIMIT 1) AS newest
       FROM "Edit" e`,
    );
    for (const e of edits) {
      expect(e.human).toBe(e.newest);
      expect(e.effective).toBe(e.newest ?? e.judge);
    }
  });

  it("stores exactly the preference pairs the effective verdicts imply", async () => {
    const edits = await rows<{
      id: number;
      task_id: number;
      effective: "PASS" | "FAIL";
      human: "PASS" | "FAIL" | null;
    }>(
      `SELECT "id", "taskId" AS task_id, "effectiveVerdict" AS effective, "humanVerdict" AS human FROM "Edit" ORDER BY "id"`,
    );
    const byTask = groupBy(edits, (e) => e.task_id);
    const expected = [...byTask.values()].flatMap((taskEdits) =>
      derivePreferencePairs(taskEdits.map((e) => ({ id: e.id, effectiveVerdict: e.effective, humanVerdict: e.human }))),
    );
    const stored = await rows<{ chosenEditId: number; rejectedEditId: number; provenance: string }>(
      `SELECT "chosenEditId", "rejectedEditId", "provenance" FROM "PreferencePair" ORDER BY "chosenEditId", "rejectedEditId"`,
    );
    const sort = (pairs: { chosenEditId: number; rejectedEditId: number }[]) =>
      [...pairs].sort((a, b) => a.chosenEditId - b.chosenEditId || a.rejectedEditId - b.rejectedEditId);
    expect(stored).toEqual(sort(expected));
    expect(stored.length).toBeGreaterThan(0);
  });

  it("chains multi-turn sequences: turn k edits the output of turn k-1", async () => {
    const turns = await rows<{ sequence: number; position: number; source: number; output: number; original: number }>(
      `SELECT s."id" AS sequence, st."position", t."sourceImageId" AS source, e."outputImageId" AS output, s."originalImageId" AS original
       FROM "SequenceTurn" st JOIN "Sequence" s ON s."id" = st."sequenceId" JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId"
       ORDER BY s."id", st."position"`,
    );
    const sequences = groupBy(turns, (t) => t.sequence);
    expect(sequences.size).toBeGreaterThan(0);
    for (const sequenceTurns of sequences.values()) {
      expect(sequenceTurns.length).toBeGreaterThanOrEqual(2);
      expect(sequenceTurns.length).toBeLessThanOrEqual(5);
      sequenceTurns.forEach((turn, index) => {
        expect(turn.position).toBe(index + 1);
        expect(turn.source).toBe(index === 0 ? turn.original : sequenceTurns[index - 1]?.output);
      });
    }
  });

  it("draws every image it references but the missing ones, which it leaves unchecked", async () => {
    const images = await rows<{ uri: string; status: string }>(`SELECT "uri", "status" FROM "Image"`);
    const missing = images.filter((image) => image.status === "NOT_CHECKED");
    expect(missing.length).toBeGreaterThan(0);
    for (const image of images) {
      const file = path.join(process.env.IMAGE_ROOT ?? "", image.uri);
      if (image.status === "NOT_CHECKED") expect(fs.existsSync(file), file).toBe(false);
      else expect(fs.statSync(file).size, file).toBeGreaterThan(1000);
    }
  });
});

describe("reviews", () => {
  it("are append-only: the database refuses to change or delete one", async () => {
    const [review] = await rows<{ id: number }>(`SELECT "id" FROM "Review" LIMIT 1`);
    expect(review).toBeDefined();
    await expect(client.query(`UPDATE "Review" SET "note" = 'changed' WHERE "id" = $1`, [review?.id])).rejects.toThrow(
      /append-only: UPDATE is not allowed/,
    );
    await expect(client.query(`DELETE FROM "Review" WHERE "id" = $1`, [review?.id])).rejects.toThrow(
      /append-only: DELETE is not allowed/,
    );
  });
});
