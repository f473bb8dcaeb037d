import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase } from "../postgres/migrate";
import { importFile } from "./import-file";
import {
  hostileEndFile,
  hostileMultiTurnFiles,
  hostileScoresFile,
  hostileSftFile,
  type Expected,
  type HostileFile,
} from "../testing/hostile-lines";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";

// The importer, run as a user runs it, on files of generated hostile lines among good ones
// (lib/testing/hostile-lines.ts): every bad line reported once as file:line: reason, every
// good line imported as it was written, and no batch failed. Then a line of 64 MB, which
// must be refused without being held.
const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const SHOWN_BAD_LINES = 20;
let database: TestDatabase;
let client: pg.Client;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase("hostile", process.env.TEST_SERVER_URL || undefined);
  await migrateDatabase(database.url);
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-hostile-"));
});

afterAll(async () => {
  await client?.end();
  await database?.drop();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

async function importCli(args: string[]) {
  try {
    const { stdout, stderr } = await run(tsx, ["scripts/import.ts", ...args], {
      env: { ...process.env, DATABASE_URL: database.url },
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

const rows = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) =>
  (await client.query<T>(sql, params)).rows;

const writeFile = (name: string, file: HostileFile<unknown>) => {
  const where = path.join(folder, name);
  fs.writeFileSync(where, file.content);
  return where;
};

const matches = (reason: string, expected: string | RegExp) =>
  typeof expected === "string" ? reason === expected : expected.test(reason);

// The bad lines found against those expected: the same lines, each reason as expected.
function expectBadLines(found: { line: number; reason: string }[], expected: Expected[], what: string) {
  expect(
    found.map((bad) => bad.line),
    what,
  ).toEqual(expected.map((bad) => bad.line));
  const wrong = found.filter((bad, i) => !matches(bad.reason, (expected[i] as Expected).reason));
  expect(
    wrong.map((bad) => `${bad.line}: ${bad.reason} (expected ${expected.find((e) => e.line === bad.line)?.reason})`),
    what,
  ).toEqual([]);
}

// Nothing stored or printed of a bad line can hold what PostgreSQL or a terminal refuses.
const UNSAFE = /[\0-\x1f\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe("importing hostile files", () => {
  it("reports each bad line once as file:line: reason and imports every good line intact", async () => {
    const sft = hostileSftFile("h");
    const end = hostileEndFile("h-end");
    const [firstTurns, moreTurns] = hostileMultiTurnFiles("h");
    const scores = hostileScoresFile(sft.good.map((good) => good.output));
    const files = [
      { path: writeFile("sft.jsonl", sft), file: sft as HostileFile<unknown>, kind: "sft" },
      { path: writeFile("end.jsonl", end), file: end, kind: "sft" },
      { path: writeFile("multi-turn.jsonl", firstTurns), file: firstTurns, kind: "multi-turn" },
      { path: writeFile("more-turns.jsonl", moreTurns), file: moreTurns, kind: "multi-turn" },
      { path: writeFile("scores.jsonl", scores), file: scores, kind: "scores" },
    ];
    // Enough of each kind that a test passing by accident is unlikely.
    expect([sft.bad.length, sft.good.length, scores.bad.length, firstTurns.bad.length]).toEqual([80, 90, 13, 8]);

    const result = await importCli([
      "--json",
      ...files.slice(0, 4).map((f) => f.path),
      "--scores",
      files[4]?.path as string,
    ]);
    expect(result.code, result.stderr).toBe(1);
    const summary = JSON.parse(result.stdout) as {
      files: { file: string; kind: string; batch: number; new: number; existing: number; rejected: number }[];
    };
    expect(summary.files.map(({ batch: _batch, ...rest }) => rest)).toEqual(
      files.map(({ path: file, file: { good, repeated, bad }, kind }) => ({
        file,
        kind,
        records: good.length + repeated.length,
        new: good.length,
        existing: repeated.length,
        rejected: bad.length,
        notes: 0,
        aborted: false,
      })),
    );

    // On stderr: the first lines of each file as file:line: reason, then how many more.
    const printed = result.stderr.trimEnd().split("\n");
    for (const [index, { path: file, file: hostile }] of files.entries()) {
      const mine = printed.filter((line) => line.startsWith(`${file}:`));
      const shown = mine
        .map((line) => /^[^:]+:(\d+): (.*)$/s.exec(line))
        .filter((match) => match !== null)
        .map((match) => ({ line: Number(match[1]), reason: match[2] as string }));
      expectBadLines(shown, hostile.bad.slice(0, SHOWN_BAD_LINES), file);
      const more = hostile.bad.length - SHOWN_BAD_LINES;
      const batch = summary.files[index]?.batch;
      expect(mine.length - shown.length, file).toBe(more > 0 ? 1 : 0);
      if (more > 0) expect(mine).toContain(`${file}: ... and ${more} more, all stored with import batch #${batch}`);
    }
    for (const line of printed) expect(UNSAFE.test(line), line).toBe(false);

    // Stored with each batch: every bad line once, and the batch done.
    for (const [index, { path: file, file: hostile }] of files.entries()) {
      const batch = summary.files[index]?.batch;
      const stored = await rows<{ line: number; reason: string; excerpt: string | null }>(
        `SELECT "line", "reason", "excerpt" FROM "ImportError" WHERE "batchId" = $1 ORDER BY "line", "id"`,
        [batch],
      );
      expectBadLines(stored, hostile.bad, file);
      for (const { reason, excerpt } of stored) {
        expect(UNSAFE.test(reason), reason).toBe(false);
        expect(UNSAFE.test(excerpt ?? ""), excerpt ?? "").toBe(false);
        expect(excerpt?.length ?? 0).toBeLessThanOrEqual(301);
      }
      expect(
        await rows(`SELECT "status", "linesRead", "recordsRejected" FROM "ImportBatch" WHERE "id" = $1`, [batch]),
      ).toEqual([{ status: "DONE", linesRead: hostile.lines, recordsRejected: hostile.bad.length }]);
    }
    // The raw NUL of a bad line, kept visible in its excerpt.
    const nulLine = sft.bad.find((bad) => String(bad.reason).includes("a raw NUL byte at"));
    const [nulExcerpt] = await rows<{ excerpt: string }>(
      `SELECT "excerpt" FROM "ImportError" WHERE "batchId" = $1 AND "line" = $2`,
      [summary.files[0]?.batch, nulLine?.line],
    );
    expect(nulExcerpt?.excerpt).toContain("\\u0000");

    // The good SFT lines, as written: no more edits, no fewer, every text unchanged.
    const sftEdits = await rows(
      `SELECT e."sourceLine" AS line, s."uri" AS source, s."localPath" AS local, t."longInstruction" AS long,
              t."shortInstruction" AS short, y."name" AS "editType", o."uri" AS output
       FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" JOIN "Image" s ON s."id" = t."sourceImageId"
       JOIN "Image" o ON o."id" = e."outputImageId" JOIN "EditType" y ON y."id" = t."editTypeId"
       WHERE e."importBatchId" = $1 ORDER BY e."sourceLine"`,
      [summary.files[0]?.batch],
    );
    expect(sftEdits).toEqual(sft.good);
    expect(
      await rows(`SELECT "sourceLine" AS line FROM "Edit" WHERE "importBatchId" = $1`, [summary.files[1]?.batch]),
    ).toEqual(end.good.map((good) => ({ line: good.line })));

    // The good sequences, turn by turn.
    for (const [index, hostile] of [firstTurns, moreTurns].entries()) {
      const turns = await rows<{ line: number; original: string; prompt: string; output: string }>(
        `SELECT q."sourceLine" AS line, g."uri" AS original, t."longInstruction" AS prompt, o."uri" AS output
         FROM "Sequence" q JOIN "Image" g ON g."id" = q."originalImageId" JOIN "SequenceTurn" st ON st."sequenceId" = q."id"
         JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId" JOIN "Image" o ON o."id" = e."outputImageId"
         WHERE q."importBatchId" = $1 ORDER BY q."sourceLine", st."position"`,
        [summary.files[2 + index]?.batch],
      );
      expect(turns).toEqual(
        hostile.good.flatMap((good) =>
          good.turns.map((turn) => ({ line: good.line, original: good.original, ...turn })),
        ),
      );
    }

    // The good scores, rationale unchanged.
    const judgements = await rows(
      `SELECT o."uri" AS output, j."judge", j."rationale" FROM "Judgement" j JOIN "Edit" e ON e."id" = j."editId"
       JOIN "Image" o ON o."id" = e."outputImageId" WHERE j."judge" LIKE 'judge-%' ORDER BY j."judge" COLLATE "C"`,
    );
    expect(judgements).toEqual(
      scores.good.map(({ line: _line, ...good }) => good).sort((a, b) => (a.judge < b.judge ? -1 : 1)),
    );
  });

  it("refuses a UTF-16 file whole, before importing anything, and says how to convert it", async () => {
    const file = path.join(folder, "utf16.jsonl");
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"text": "a"}\n', "utf16le")]));
    const before = await rows(`SELECT count(*)::int AS n FROM "ImportBatch"`);
    const result = await importCli([file]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `import: ${file}: is UTF-16 (it starts with a UTF-16 byte-order mark), and the importer reads UTF-8; convert it first, e.g. iconv -f UTF-16 -t UTF-8 ${file} > converted.jsonl`,
    );
    expect(await rows(`SELECT count(*)::int AS n FROM "ImportBatch"`)).toEqual(before);
  });
});

describe("a huge line", () => {
  it("is refused while it is read, in bounded memory, and the lines after it import", async () => {
    const record = (i: number, text: string) =>
      JSON.stringify({
        open_image_input_url: `https://farm1.staticflickr.com/huge/${i}_o.jpg`,
        text,
        output_image: `images/positive-edit/huge-${i}.png`,
        edit_type: "Zoom in",
        summarized_text: `Zoom ${i}.`,
      });
    const small = path.join(folder, "small.jsonl");
    fs.writeFileSync(small, `${record(1, "Zoom in on the dog.")}\n`);
    const huge = path.join(folder, "huge.jsonl");
    const lineBytes = 64 * 1024 * 1024;
    const hugeLine = record(2, "z".repeat(lineBytes));
    fs.writeFileSync(huge, `${record(3, "Zoom in.")}\n${hugeLine}\n${record(4, "Zoom in more.")}\n`);

    const rss = async (file: string) => {
      const result = await importCli(["--json", file]);
      return { ...result, summary: JSON.parse(result.stdout) as { maxRssMB: number; files: { new: number }[] } };
    };
    const normal = await rss(small);
    expect(normal.code, normal.stderr).toBe(0);
    const refused = await rss(huge);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim()).toBe(
      `${huge}:2: line is ${hugeLine.length.toLocaleString("en-US")} bytes long, over the limit of 4,194,304 bytes`,
    );
    expect(refused.summary.files[0]?.new).toBe(2);
    // Holding the line whole would take its 64 MB at least (the line reader used to take
    // 8 times that); what is allowed over the importer's footprint on a one-line file is
    // half of it, for the 4 MB read before the limit and the heap's slack.
    expect(refused.summary.maxRssMB).toBeLessThan(normal.summary.maxRssMB + lineBytes / 2 / 2 ** 20);
  });
});

describe("chunks", () => {
  it("are cut by the bytes of their lines as well as by their records", async () => {
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        open_image_input_url: `https://farm1.staticflickr.com/chunk/${String(i).padStart(3, "0")}_o.jpg`,
        text: "Zoom in on the dog.",
        output_image: `images/positive-edit/chunk-${String(i).padStart(3, "0")}.png`,
        edit_type: "Zoom in",
        summarized_text: "Zoom in.",
      }),
    );
    const size = (lines[0] as string).length;
    expect(new Set(lines.map((line) => line.length))).toEqual(new Set([size]));
    const file = path.join(folder, "chunks.jsonl");
    fs.writeFileSync(file, `${lines.join("\n")}\n`);
    // Records written so far, as each chunk is cut: 3 lines stay under the bytes, 4 do not.
    const progress: number[] = [];
    const summary = await importFile(database.url, file, {
      chunkBytes: 3 * size + 1,
      onProgress: (_bytes, records) => progress.push(records),
    });
    expect(summary.newRecords).toBe(30);
    expect(progress).toEqual([0, 4, 8, 12, 16, 20, 24, 30]);
  });
});
