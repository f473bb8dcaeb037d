import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase } from "../postgres/migrate";
import { EDITS_OFF_THEIR_CURRENT_JUDGEMENT } from "../testing/invariants";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { DEFAULT_CHUNK_RECORDS } from "./batch-runner";
import { importFile } from "./import-file";
import { importScores } from "./scores";

// The importer on the fixture files of all three kinds plus scores, into a database of
// its own: rows checked one by one, then idempotency and recovery from a killed import.
const fixture = (name: string) => path.join(import.meta.dirname, "fixtures", name);
let database: TestDatabase;
let client: pg.Client;
const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  (await client.query<T>(sql, params)).rows;

beforeAll(async () => {
  database = await createTestDatabase("import", process.env.TEST_SERVER_URL || undefined);
  await migrateDatabase(database.url);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
});

describe("importing the three record files", () => {
  it("imports the good lines of an SFT file and reports each bad one by line", async () => {
    const summary = await importFile(database.url, fixture("sft.jsonl"));
    expect(summary.kind).toBe("sft");
    expect([summary.newRecords, summary.existingRecords, summary.rejected]).toEqual([4, 0, 6]);
    expect(summary.badLines.map((b) => b.line)).toEqual([5, 6, 7, 8, 9, 10]);
    expect(summary.badLines[1]?.reason).toContain('did you mean "Funko-Pop–style toy figure of the person"?');
    const stored = await rows<{ line: number; reason: string }>(
      `SELECT "line", "reason" FROM "ImportError" WHERE "batchId" = $1 ORDER BY "line"`,
      [summary.batchId],
    );
    expect(stored).toEqual(summary.badLines);
    const [batch] = await rows<{ status: string; recordsNew: number; recordsRejected: number; linesRead: number }>(
      `SELECT "status", "recordsNew", "recordsRejected", "linesRead" FROM "ImportBatch" WHERE "id" = $1`,
      [summary.batchId],
    );
    expect(batch).toEqual({ status: "DONE", recordsNew: 4, recordsRejected: 6, linesRead: 11 });
  });

  it("maps SFT records to tasks with one passing edit, attempt from the retry suffix", async () => {
    const edits = await rows<{
      output: string;
      attempt: number;
      origin: string;
      verdict: string;
      edit_type: string;
      long: string;
      short: string;
    }>(
      `SELECT o."uri" AS output, e."attempt", e."origin", e."effectiveVerdict" AS verdict, t."name" AS edit_type, k."longInstruction" AS long, k."shortInstruction" AS short
       FROM "Edit" e JOIN "Image" o ON o."id" = e."outputImageId" JOIN "Task" k ON k."id" = e."taskId" JOIN "EditType" t ON t."id" = k."editTypeId" ORDER BY e."id"`,
    );
    expect(edits.map((e) => [e.output, e.attempt, e.origin, e.verdict])).toEqual([
      ["images/positive-edit/1.png", 1, "SFT", "PASS"],
      ["images/positive-edit/kewsft_retry2.png", 2, "SFT", "PASS"],
      ["images/positive-edit/3.png", 1, "SFT", "PASS"],
      ["images/positive-edit/9.png", 1, "SFT", "PASS"],
    ]);
    expect(edits[1]?.edit_type).toBe("Change overall color tone (warm ↔ cool)");
    expect(edits[2]?.long).toBe(edits[2]?.short);
    const judgements = await rows<{
      judge: string;
      passed: boolean;
      compliance: number | null;
      overall: number | null;
    }>(`SELECT "judge", "passed", "compliance", "overall" FROM "Judgement"`);
    expect(judgements).toHaveLength(4);
    for (const j of judgements) expect(j).toEqual({ judge: "release", passed: true, compliance: null, overall: null });
    expect(
      await rows(`SELECT "localPath" FROM "Image" WHERE "uri" = 'https://farm5.staticflickr.com/1002/2222_bbbb_o.jpg'`),
    ).toEqual([{ localPath: "openimages/train/2222.jpg" }]);
  });

  it("merges a preference record into the SFT task with the same source and instruction, and forms its pairs", async () => {
    const summary = await importFile(database.url, fixture("preference.jsonl"));
    expect([summary.kind, summary.newRecords, summary.rejected]).toEqual(["preference", 2, 1]);
    const merged = await rows<{ output: string; origin: string; attempt: number; verdict: string }>(
      `SELECT o."uri" AS output, e."origin", e."attempt", e."effectiveVerdict" AS verdict FROM "Edit" e JOIN "Image" o ON o."id" = e."outputImageId"
       WHERE e."taskId" = (SELECT e2."taskId" FROM "Edit" e2 JOIN "Image" o2 ON o2."id" = e2."outputImageId" WHERE o2."uri" = 'images/positive-edit/1.png') ORDER BY e."id"`,
    );
    // The chosen edit is the SFT edit itself; the rejected path lost its bucket prefix.
    expect(merged).toEqual([
      { output: "images/positive-edit/1.png", origin: "SFT", attempt: 1, verdict: "PASS" },
      { output: "images/rejected-edit/11.png", origin: "PREFERENCE_REJECTED", attempt: 1, verdict: "FAIL" },
      { output: "images/rejected-edit/12.png", origin: "PREFERENCE_REJECTED", attempt: 2, verdict: "FAIL" },
    ]);
    const pairs = await rows<{ chosen: string; rejected: string; provenance: string }>(
      `SELECT c."uri" AS chosen, r."uri" AS rejected, p."provenance" FROM "PreferencePair" p
       JOIN "Edit" ce ON ce."id" = p."chosenEditId" JOIN "Image" c ON c."id" = ce."outputImageId"
       JOIN "Edit" re ON re."id" = p."rejectedEditId" JOIN "Image" r ON r."id" = re."outputImageId" ORDER BY 1, 2`,
    );
    expect(pairs).toEqual([
      { chosen: "images/positive-edit/1.png", rejected: "images/rejected-edit/11.png", provenance: "JUDGE" },
      { chosen: "images/positive-edit/1.png", rejected: "images/rejected-edit/12.png", provenance: "JUDGE" },
      { chosen: "images/positive-edit/20_retry2.png", rejected: "images/rejected-edit/21.png", provenance: "JUDGE" },
    ]);
    expect(
      await rows(
        `SELECT count(*)::int AS n FROM "Image" WHERE "uri" = 'https://farm4.staticflickr.com/1001/1111_aaaa_o.jpg'`,
      ),
    ).toEqual([{ n: 1 }]);
  });

  it("chains multi-turn turns: turn k edits turn k-1's output, the last is final_image", async () => {
    const summary = await importFile(database.url, fixture("multi-turn.jsonl"));
    expect([summary.kind, summary.newRecords, summary.rejected]).toEqual(["multi-turn", 2, 1]);
    expect(summary.badLines).toEqual([{ line: 2, reason: '"files" has no original_input_image' }]);
    const turns = await rows<{
      sequence: number;
      position: number;
      source: string;
      output: string;
      prompt: string;
      type: number | null;
      verdict: string | null;
    }>(
      `SELECT st."sequenceId" AS sequence, st."position", s."uri" AS source, o."uri" AS output, t."longInstruction" AS prompt, t."editTypeId" AS type, e."effectiveVerdict" AS verdict
       FROM "SequenceTurn" st JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId"
       JOIN "Image" s ON s."id" = t."sourceImageId" JOIN "Image" o ON o."id" = e."outputImageId" ORDER BY 1, 2`,
    );
    const [first, second] = [
      turns.filter((t) => t.sequence === turns[0]?.sequence),
      turns.filter((t) => t.sequence !== turns[0]?.sequence),
    ];
    expect(first.map((t) => [t.position, t.source, t.output, t.prompt])).toEqual([
      [
        1,
        "https://farm5.staticflickr.com/1002/2222_bbbb_o.jpg",
        "images/multi-turn/7_attemptA_turn1.png",
        "Make the sky stormy",
      ],
      [2, "images/multi-turn/7_attemptA_turn1.png", "images/multi-turn/7_attemptA_turn2.png", "Add a red kite in it"],
      [
        3,
        "images/multi-turn/7_attemptA_turn2.png",
        "images/multi-turn/7_attemptA_turn3.png",
        "Turn it into a watercolor",
      ],
    ]);
    expect(second.map((t) => t.source)).toEqual([
      "https://farm4.staticflickr.com/1001/1111_aaaa_o.jpg",
      "images/multi-turn/9_turn1.png",
    ]);
    // The release gives turns no edit type and no verdict.
    for (const turn of turns) expect([turn.type, turn.verdict]).toEqual([null, null]);
    // The original of the second sequence is the source image the SFT file already brought.
    expect(await rows(`SELECT count(*)::int AS n FROM "Image" WHERE "uri" LIKE 'https://farm4%'`)).toEqual([{ n: 1 }]);
  });

  it("changes nothing when the same files are imported again, and says so", async () => {
    const before = await rows(
      `SELECT (SELECT count(*)::int FROM "Task") t, (SELECT count(*)::int FROM "Edit") e, (SELECT count(*)::int FROM "Image") i, (SELECT count(*)::int FROM "PreferencePair") p, (SELECT count(*)::int FROM "SequenceTurn") s`,
    );
    for (const [name, present] of [
      ["sft.jsonl", 4],
      ["preference.jsonl", 2],
      ["multi-turn.jsonl", 2],
    ] as const) {
      const again = await importFile(database.url, fixture(name));
      expect([again.newRecords, again.existingRecords]).toEqual([0, present]);
    }
    expect(
      await rows(
        `SELECT (SELECT count(*)::int FROM "Task") t, (SELECT count(*)::int FROM "Edit") e, (SELECT count(*)::int FROM "Image") i, (SELECT count(*)::int FROM "PreferencePair") p, (SELECT count(*)::int FROM "SequenceTurn") s`,
      ),
    ).toEqual(before);
  });
});

describe("importing judge scores", () => {
  it("scores edits, recomputes overall and verdicts, reports disagreements and unknown outputs, and re-derives pairs", async () => {
    const summary = await importScores(database.url, fixture("scores.jsonl"));
    expect([summary.newRecords, summary.rejected]).toEqual([3, 3]);
    expect(summary.badLines).toEqual([
      { line: 4, reason: 'criterion "compliance" is 1.3, outside [0, 1]' },
      { line: 5, reason: 'no edit has output image "images/positive-edit/404.png"; import its record file first' },
      { line: 6, reason: '"technical" is missing' },
    ]);
    expect(summary.disagreements).toEqual([
      { line: 3, reason: "given overall 0.9 differs from 0.6 (the weighted criteria) by 0.3000; imported with 0.6" },
    ]);
    const edits = await rows<{ uri: string; overall: number; judge: string; effective: string }>(
      `SELECT o."uri", e."overall", e."judgeVerdict" AS judge, e."effectiveVerdict" AS effective FROM "Edit" e JOIN "Image" o ON o."id" = e."outputImageId" WHERE e."overall" IS NOT NULL ORDER BY o."uri"`,
    );
    expect(edits).toEqual([
      { uri: "images/positive-edit/1.png", overall: 0.865, judge: "PASS", effective: "PASS" },
      { uri: "images/positive-edit/kewsft_retry2.png", overall: 0.6, judge: "FAIL", effective: "FAIL" },
      { uri: "images/rejected-edit/11.png", overall: 0.53, judge: "FAIL", effective: "FAIL" },
    ]);
    const criteria = await rows(
      `SELECT e."compliance", e."realism", e."preservation", e."technical" FROM "Edit" e JOIN "Image" o ON o."id" = e."outputImageId" WHERE o."uri" = 'images/positive-edit/1.png'`,
    );
    expect(criteria).toEqual([{ compliance: 0.9, realism: 0.8, preservation: 0.85, technical: 0.9 }]);
    expect(await rows(EDITS_OFF_THEIR_CURRENT_JUDGEMENT)).toEqual([]);
    const again = await importScores(database.url, fixture("scores.jsonl"));
    expect([again.newRecords, again.existingRecords, again.rejected]).toEqual([0, 3, 3]);
  });

  it("drops pairs whose verdicts no longer hold when new scores flip a verdict", async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pico-scores-")), "flip.jsonl");
    fs.writeFileSync(
      file,
      JSON.stringify({
        output_image: "images/positive-edit/20_retry2.png",
        judge: "strict-judge",
        compliance: 0.2,
        realism: 0.2,
        preservation: 0.2,
        technical: 0.2,
      }) + "\n",
    );
    const pairsOf = () =>
      rows(
        `SELECT count(*)::int AS n FROM "PreferencePair" p JOIN "Edit" e ON e."id" = p."chosenEditId" JOIN "Image" o ON o."id" = e."outputImageId" WHERE o."uri" = 'images/positive-edit/20_retry2.png'`,
      );
    expect(await pairsOf()).toEqual([{ n: 1 }]);
    await importScores(database.url, file);
    expect(await pairsOf()).toEqual([{ n: 0 }]);
    fs.rmSync(path.dirname(file), { recursive: true });
  });
});

describe("strict mode and interruptions", () => {
  it("--strict imports nothing of a file with a bad line", async () => {
    const fresh = await createTestDatabase("strict", process.env.TEST_SERVER_URL || undefined);
    try {
      await migrateDatabase(fresh.url);
      const summary = await importFile(fresh.url, fixture("sft.jsonl"), { strict: true });
      expect(summary.aborted).toBe(true);
      expect(summary.badLines).toEqual([{ line: 5, reason: expect.stringMatching(/^broken JSON/) }]);
      const check = new pg.Client({ connectionString: fresh.url });
      await check.connect();
      const counts = (
        await check.query(
          `SELECT (SELECT count(*)::int FROM "Task") tasks, (SELECT count(*)::int FROM "Edit") edits, (SELECT "status" FROM "ImportBatch") status`,
        )
      ).rows;
      await check.end();
      expect(counts).toEqual([{ tasks: 0, edits: 0, status: "FAILED" }]);
    } finally {
      await fresh.drop();
    }
  });

  it("leaves whole chunks after kill -9, and a re-run completes without duplicates", async () => {
    const fresh = await createTestDatabase("killed", process.env.TEST_SERVER_URL || undefined);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-kill-"));
    try {
      await migrateDatabase(fresh.url);
      const file = path.join(folder, "big-sft.jsonl");
      const lines = Array.from({ length: 60_000 }, (_, i) =>
        JSON.stringify({
          open_image_input_url: `https://farm1.staticflickr.com/${i % 5000}/${i}_o.jpg`,
          text: `Remove object number ${i} from the picture, keeping the rest.`,
          output_image: `images/positive-edit/${i}.png`,
          edit_type: "Remove an existing object",
          summarized_text: `Remove object ${i}.`,
        }),
      );
      fs.writeFileSync(file, lines.join("\n"));
      const env = { ...process.env, DATABASE_URL: fresh.url };
      // Its own process group: tsx runs the script in a child process, and both must die.
      const child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/import.ts", file], {
        env,
        stdio: "ignore",
        detached: true,
      });
      const check = new pg.Client({ connectionString: fresh.url });
      await check.connect();
      check.on("error", () => {});
      // Kill it once the first chunk has committed and before the last one has.
      for (let i = 0; i < 600; i++) {
        const [row] = (await check.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Edit"`)).rows;
        if ((row?.n ?? 0) > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      process.kill(-(child.pid as number), "SIGKILL");
      await new Promise((resolve) => child.once("exit", resolve));
      const partial = (
        await check.query<{ tasks: number; edits: number; orphans: number }>(
          `SELECT (SELECT count(*)::int FROM "Task") tasks, (SELECT count(*)::int FROM "Edit") edits,
                (SELECT count(*)::int FROM "Task" t WHERE NOT EXISTS (SELECT 1 FROM "Edit" e WHERE e."taskId" = t."id")) orphans`,
        )
      ).rows[0];
      expect(partial?.edits).toBeGreaterThan(0);
      expect(partial?.edits).toBeLessThan(60_000);
      expect((partial?.edits ?? -1) % DEFAULT_CHUNK_RECORDS).toBe(0);
      expect(partial?.orphans).toBe(0);

      const rerun = await importFile(fresh.url, file);
      expect(rerun.newRecords + rerun.existingRecords).toBe(60_000);
      expect(rerun.existingRecords).toBe(partial?.edits);
      const after = (
        await check.query(
          `SELECT (SELECT count(*)::int FROM "Task") tasks, (SELECT count(*)::int FROM "Edit") edits, (SELECT count(DISTINCT "outputImageId")::int FROM "Edit") outputs`,
        )
      ).rows[0];
      await check.end();
      expect(after).toEqual({ tasks: 60_000, edits: 60_000, outputs: 60_000 });
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
      await fresh.drop();
    }
  });
});
