import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { DuckDBInstance } from "@duckdb/node-api";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { CURRENT_FIRST } from "../curation/judgements";
import { curationTransaction } from "../curation/transaction";
import { recordReview } from "../curation/reviews";
import { seedDemo } from "../demo/seed";
import { importFile } from "../import/import-file";
import { syntheticManifests } from "../pico/synthetic";
import { migrateDatabase } from "../postgres/migrate";
import type { EditFilter } from "../schemas/edit-filter";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import type { ExportFormatName, ExportOptions } from "./formats";
import { cancelExport, createExport, runExport, type RunOptions, type RunResult } from "./jobs";
import { storeTarget } from "./queue";
import { localStore, PARTIAL_SUFFIX } from "./storage";

// Exports from a database of their own (a demo with reviews made here), read back with
// independent readers: JSON.parse, DuckDB for CSV and Parquet, and the import itself.

let database: TestDatabase;
let pool: pg.Pool;
const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-exports-"));
const store = localStore(folder);
let duck: Awaited<ReturnType<DuckDBInstance["connect"]>>;
let annotator: number;
let viewer: number;

beforeAll(async () => {
  database = await createTestDatabase("export", process.env.TEST_SERVER_URL || undefined);
  await migrateDatabase(database.url);
  await seedDemo(database.url, fs.mkdtempSync(path.join(os.tmpdir(), "pico-export-images-")), { tasks: 160, seed: 3 });
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const { rows } = await pool.query<{ id: number; role: string }>(
    `INSERT INTO "User" ("email", "name", "role") VALUES ('exporter@test.local', 'Exporter', 'ANNOTATOR'),
       ('viewer@test.local', 'Viewer', 'VIEWER') RETURNING "id", "role"`,
  );
  annotator = rows[0]?.id as number;
  viewer = rows[1]?.id as number;
  // A passing SFT edit failed by a person, a failed preference attempt passed by one, and
  // the second turn of a sequence failed.
  const pick = async (sql: string) => (await pool.query<{ id: number }>(sql)).rows[0]?.id as number;
  const review = (editId: number, verdict: "PASS" | "FAIL") =>
    curationTransaction(pool, async (client) => {
      const { rows: last } = await client.query<{ id: number | null }>(
        `SELECT max("id") AS id FROM "Review" WHERE "editId" = $1`,
        [editId],
      );
      return recordReview(client, annotator, { editId, verdict, after: last[0]?.id ?? null });
    });
  await review(
    await pick(`SELECT "id" FROM "Edit" WHERE "origin" = 'SFT' AND "effectiveVerdict" = 'PASS' ORDER BY "id" LIMIT 1`),
    "FAIL",
  );
  await review(
    await pick(`SELECT "id" FROM "Edit" WHERE "origin" = 'PREFERENCE_REJECTED' ORDER BY "id" LIMIT 1`),
    "PASS",
  );
  await review(
    await pick(
      `SELECT st."editId" AS id FROM "SequenceTurn" st WHERE st."position" = 2
       AND EXISTS (SELECT 1 FROM "SequenceTurn" n WHERE n."sequenceId" = st."sequenceId" AND n."position" = 3) ORDER BY 1 LIMIT 1`,
    ),
    "FAIL",
  );
  duck = await (await DuckDBInstance.create(":memory:")).connect();
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
  fs.rmSync(folder, { recursive: true, force: true });
});

async function exportTo(
  format: ExportFormatName,
  filter: EditFilter = {},
  options: ExportOptions = {},
  run: RunOptions = {},
  userId: number | null = annotator,
): Promise<{ id: number; result: RunResult | null; file: string }> {
  const id = await createExport(pool, { format, filter, query: "", options, via: "JOB", userId });
  const result = await runExport(pool, database.url, id, storeTarget(store, id), run);
  const name = result?.status === "DONE" ? (result.manifest.files[0]?.name as string) : "";
  return { id, result, file: path.join(folder, String(id), name) };
}

const lines = (file: string) =>
  fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);

const query = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) =>
  (await pool.query<T>(sql, values)).rows;

describe("export formats", () => {
  it("writes the flat table as JSONL: one row per edit with the database's values", async () => {
    const { result, file } = await exportTo("jsonl");
    const rows = lines(file);
    const edits = await query<{
      id: number;
      effective: string | null;
      human: string | null;
      output: string;
      reviewers: number;
      judge: string | null;
    }>(
      `SELECT e."id", e."effectiveVerdict"::text AS effective, e."humanVerdict"::text AS human, i."uri" AS output,
              (SELECT count(DISTINCT "reviewerId")::int FROM "Review" r WHERE r."editId" = e."id" AND r."verdict" IS NOT NULL) AS reviewers,
              (SELECT j."judge" FROM "Judgement" j WHERE j."editId" = e."id" ORDER BY ${CURRENT_FIRST} LIMIT 1) AS judge
       FROM "Edit" e JOIN "Image" i ON i."id" = e."outputImageId" ORDER BY e."id"`,
    );
    expect(result?.status).toBe("DONE");
    expect(rows.map((row) => row.edit_id)).toEqual(edits.map((edit) => edit.id));
    expect(
      rows.map((row) => [row.effective_verdict, row.human_verdict, row.output_image, row.reviewer_count, row.judge]),
    ).toEqual(edits.map((edit) => [edit.effective, edit.human, edit.output, edit.reviewers, edit.judge]));
    expect(new Set(rows.map((row) => row.judge)).size).toBeGreaterThan(1);
    expect(Object.keys(rows[0] as object)).toHaveLength(25);
  });

  it("writes CSV that DuckDB reads back as the same table, with CRLF record ends", async () => {
    const jsonl = lines((await exportTo("jsonl")).file);
    const { file } = await exportTo("csv");
    const bytes = fs.readFileSync(file);
    expect(bytes.includes("\r\n")).toBe(true);
    const read = await duck.runAndReadAll(
      `SELECT edit_id, text, overall, effective_verdict FROM read_csv('${file}', header = true, all_varchar = true) ORDER BY edit_id::int`,
    );
    const csvRows = read.getRowObjects();
    expect(csvRows).toHaveLength(jsonl.length);
    expect(
      csvRows.map((row) => [
        Number(row.edit_id),
        row.text,
        row.overall === null ? null : Number(row.overall),
        row.effective_verdict,
      ]),
    ).toEqual(jsonl.map((row) => [row.edit_id, row.text, row.overall, row.effective_verdict]));
  });

  it("writes Parquet with typed columns that DuckDB reads back row for row", async () => {
    const jsonl = lines((await exportTo("jsonl")).file);
    const { file } = await exportTo("parquet");
    const types = (await duck.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${file}')`)).getRowObjects();
    expect(Object.fromEntries(types.map((row) => [row.column_name, row.column_type]))).toMatchObject({
      edit_id: "INTEGER",
      overall: "DOUBLE",
      text: "VARCHAR",
      reviewer_count: "INTEGER",
    });
    const rows = (
      await duck.runAndReadAll(`SELECT * FROM read_parquet('${file}') ORDER BY edit_id`)
    ).getRowObjectsJson();
    expect(rows).toEqual(jsonl);
  });

  it("writes sft.jsonl in the release's keys with the passing SFT edits only", async () => {
    const { file } = await exportTo("sft");
    const records = lines(file);
    const expected = await query<{ output: string }>(
      `SELECT i."uri" AS output FROM "Edit" e JOIN "Image" i ON i."id" = e."outputImageId"
       WHERE e."origin" = 'SFT' AND e."effectiveVerdict" = 'PASS' ORDER BY e."id"`,
    );
    const failedByPerson = await query<{ output: string }>(
      `SELECT i."uri" AS output FROM "Edit" e JOIN "Image" i ON i."id" = e."outputImageId"
       WHERE e."origin" = 'SFT' AND e."humanVerdict" = 'FAIL'`,
    );
    expect(Object.keys(records[0] as object)).toEqual([
      "open_image_input_url",
      "text",
      "output_image",
      "edit_type",
      "summarized_text",
    ]);
    expect(records.map((record) => record.output_image)).toEqual(expected.map((row) => row.output));
    expect(failedByPerson.length).toBeGreaterThan(0);
    for (const { output } of failedByPerson) expect(records.map((record) => record.output_image)).not.toContain(output);
  });

  it("writes preference records from the current pairs, the current failures as rejected", async () => {
    const records = lines((await exportTo("preference")).file);
    const pairs = await query<{ chosen: string; rejected: string[] }>(
      `SELECT ci."uri" AS chosen, array_agg(ri."uri" ORDER BY p."rejectedEditId") AS rejected
       FROM "PreferencePair" p JOIN "Edit" c ON c."id" = p."chosenEditId" JOIN "Image" ci ON ci."id" = c."outputImageId"
         JOIN "Edit" r ON r."id" = p."rejectedEditId" JOIN "Image" ri ON ri."id" = r."outputImageId"
       WHERE c."origin" <> 'MULTI_TURN' GROUP BY c."id", ci."uri" ORDER BY c."id"`,
    );
    expect(Object.keys(records[0] as object)).toEqual([
      "output_image",
      "rejected_images",
      "text",
      "edit_type",
      "open_image_input_url",
      "summarized_text",
    ]);
    expect(records.map((record) => [record.output_image, record.rejected_images])).toEqual(
      pairs.map((pair) => [pair.chosen, pair.rejected]),
    );
  });

  it("writes multi-turn sequences whole, or cut before their first failed turn", async () => {
    const wholeRun = await exportTo("multi-turn");
    const cutRun = await exportTo("multi-turn", {}, { prefix: true });
    const whole = lines(wholeRun.file);
    const cut = lines(cutRun.file);
    // The progress's total, counted before the run, is the number of lines it wrote.
    const totals = await query<{ total: number }>(
      `SELECT "rowsTotal" AS total FROM "ExportJob" WHERE "id" = ANY($1::int[]) ORDER BY "id"`,
      [[wholeRun.id, cutRun.id]],
    );
    expect(totals.map((row) => row.total)).toEqual([whole.length, cut.length]);
    const sequences = await query<{ turns: number; kept: number }>(
      `SELECT count(*)::int AS turns,
              count(*) FILTER (WHERE st."position" < COALESCE((SELECT min(f."position") FROM "SequenceTurn" f JOIN "Edit" fe ON fe."id" = f."editId"
                WHERE f."sequenceId" = st."sequenceId" AND fe."effectiveVerdict" = 'FAIL'), 1000))::int AS kept
       FROM "SequenceTurn" st GROUP BY st."sequenceId" ORDER BY st."sequenceId"`,
    );
    const prompts = (record: Record<string, unknown>) => (record.metadata_edit_turn_prompts as string[]).length;
    expect(whole.map(prompts)).toEqual(sequences.map((sequence) => sequence.turns));
    expect(cut.map(prompts)).toEqual(
      sequences.filter((sequence) => sequence.kept > 0).map((sequence) => sequence.kept),
    );
    expect(cut.map(prompts)).not.toEqual(whole.map(prompts));
    for (const record of whole) {
      const files = record.files as { id: string }[];
      expect(files.map((entry) => entry.id)).toEqual([
        ...Array.from({ length: prompts(record) - 1 }, (_, index) => `edit_turn${index + 1}`),
        "final_image",
        "original_input_image",
      ]);
    }
  });
});

describe("export runs", () => {
  it("gives byte-identical files for the same filter on the same data, and a manifest that says so", async () => {
    const filter: EditFilter = { categories: [2], effective: "pass" };
    for (const format of ["sft", "csv", "parquet"] as const) {
      const first = await exportTo(format, filter);
      const second = await exportTo(format, filter);
      if (first.result?.status !== "DONE" || second.result?.status !== "DONE") throw new Error("not done");
      expect(second.result.manifest.files[0]?.sha256).toBe(first.result.manifest.files[0]?.sha256);
      expect(fs.readFileSync(second.file).equals(fs.readFileSync(first.file))).toBe(true);
      const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(first.file), "manifest.json"), "utf8"));
      expect(manifest.files[0].rows).toBe(first.result.manifest.files[0]?.rows);
      expect(manifest.counts.effectiveVerdicts).toEqual({ pass: manifest.counts.edits });
      expect(fs.readFileSync(path.join(path.dirname(first.file), "README.md"), "utf8")).toMatch(
        /^---\nlicense: cc-by-nc-nd-4.0\n[\s\S]*CC BY-NC-ND 4\.0/,
      );
    }
  });

  it("writes a valid empty file, and its manifest, for a filter that matches nothing", async () => {
    const nothing: EditFilter = { q: "no instruction says this" };
    const csv = await exportTo("csv", nothing);
    const parquet = await exportTo("parquet", nothing);
    const jsonl = await exportTo("sft", nothing);
    expect(fs.readFileSync(csv.file, "utf8").split("\r\n")).toHaveLength(2);
    expect(fs.readFileSync(jsonl.file, "utf8")).toBe("");
    const count = await duck.runAndReadAll(`SELECT count(*)::int AS n FROM read_parquet('${parquet.file}')`);
    expect(count.getRowObjects()[0]?.n).toBe(0);
    if (parquet.result?.status !== "DONE") throw new Error("not done");
    expect(parquet.result.manifest.files[0]?.rows).toBe(0);
  });

  it("leaves no complete-looking file when its process is killed, and runs again to the same file", async () => {
    const id = await createExport(pool, {
      format: "csv",
      filter: {},
      query: "",
      options: {},
      via: "JOB",
      userId: annotator,
    });
    // A run that stops after its first chunk, until it is killed.
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        path.join(import.meta.dirname, "fixtures", "stalled-run.ts"),
        database.url,
        folder,
        String(id),
      ],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (data: Buffer) => data.toString().includes("writing") && resolve());
      child.on("exit", (code) => reject(new Error(`the run ended early (${code})`)));
    });
    child.kill("SIGKILL");
    await new Promise((resolve) => child.once("exit", resolve));
    expect(await store.list(id)).toEqual([`edits.csv${PARTIAL_SUFFIX}`]);
    expect((await query<{ status: string }>(`SELECT "status" FROM "ExportJob" WHERE "id" = $1`, [id]))[0]?.status).toBe(
      "RUNNING",
    );

    const again = await runExport(pool, database.url, id, storeTarget(store, id));
    const fresh = await exportTo("csv");
    if (again?.status !== "DONE" || fresh.result?.status !== "DONE") throw new Error("not done");
    expect(again.manifest.files[0]?.sha256).toBe(fresh.result.manifest.files[0]?.sha256);
    expect((await store.list(id)).sort()).toEqual(["README.md", "edits.csv", "manifest.json"]);
  });

  it("stops when cancelled by its creator, not by another viewer, and removes its partial file", async () => {
    let release: () => void = () => {};
    let started: () => void = () => {};
    const writing = new Promise<void>((resolve) => (started = resolve));
    const id = await createExport(pool, {
      format: "jsonl",
      filter: {},
      query: "",
      options: {},
      via: "JOB",
      userId: annotator,
    });
    let chunks = 0;
    const run = runExport(pool, database.url, id, storeTarget(store, id), {
      tee: () => {
        if (++chunks > 1) return Promise.resolve();
        started();
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    await writing;
    expect(await cancelExport(pool, id, { id: viewer, role: "VIEWER" })).toBe("forbidden");
    expect(await cancelExport(pool, id, { id: annotator, role: "ANNOTATOR" })).toBe("ok");
    release();
    // The run sees the cancel at its last heartbeat at the latest.
    const result = await run;
    expect(result).toEqual({ status: "CANCELLED", error: "cancelled by Exporter" });
    expect(await store.list(id)).toEqual([]);
  });

  it("stops its query when the download is interrupted", async () => {
    const controller = new AbortController();
    const { id, result } = await exportTo(
      "jsonl",
      {},
      {},
      {
        signal: controller.signal,
        tee: async () => controller.abort(),
      },
    );
    expect(result).toEqual({ status: "CANCELLED", error: "the download was interrupted" });
    await expect
      .poll(
        async () =>
          (await query(`SELECT 1 FROM pg_stat_activity WHERE "application_name" = $1`, [`pico-export-${id}`])).length,
      )
      .toBe(0);
    expect(await store.list(id)).toEqual([]);
  });
});

describe("round trip", () => {
  // Release-shaped files (the demo's sources are local paths, which the release's format
  // does not allow): imported, curated, exported, imported again into an empty database.
  it("imports the released formats into an empty database as the same tasks, edits, verdicts and pairs", async () => {
    const files = fs.mkdtempSync(path.join(os.tmpdir(), "pico-round-trip-"));
    const lines = syntheticManifests({ seed: 5, scale: 0.002 });
    const written = Object.entries({ sft: lines.sft, preference: lines.preference, "multi-turn": lines.multiTurn }).map(
      ([kind, records]) => {
        const file = path.join(files, `${kind}.jsonl`);
        fs.writeFileSync(file, `${[...records].join("\n")}\n`);
        return file;
      },
    );
    const source = await createTestDatabase("export_source", process.env.TEST_SERVER_URL || undefined);
    const target = await createTestDatabase("export_target", process.env.TEST_SERVER_URL || undefined);
    const sourcePool = new pg.Pool({ connectionString: source.url, max: 3 });
    const targetPool = new pg.Pool({ connectionString: target.url, max: 2 });
    try {
      await Promise.all([migrateDatabase(source.url), migrateDatabase(target.url)]);
      for (const file of written) expect((await importFile(source.url, file)).rejected).toBe(0);
      const { rows: users } = await sourcePool.query<{ id: number }>(
        `INSERT INTO "User" ("email", "name", "role") VALUES ('curator@test.local', 'Curator', 'ANNOTATOR') RETURNING "id"`,
      );
      const curator = users[0]?.id as number;
      const pick = async (sql: string) => (await sourcePool.query<{ id: number }>(sql)).rows.map((row) => row.id);
      const failed = await pick(`SELECT "id" FROM "Edit" WHERE "origin" = 'SFT' ORDER BY "id" LIMIT 3`);
      const passed = await pick(`SELECT "id" FROM "Edit" WHERE "origin" = 'PREFERENCE_REJECTED' ORDER BY "id" LIMIT 3`);
      for (const [ids, verdict] of [
        [failed, "FAIL"],
        [passed, "PASS"],
      ] as const)
        for (const editId of ids)
          await curationTransaction(sourcePool, (client) =>
            recordReview(client, curator, { editId, verdict, after: null }),
          );

      const exported: string[] = [];
      for (const format of ["sft", "preference", "multi-turn"] as const) {
        const id = await createExport(sourcePool, {
          format,
          filter: {},
          query: "",
          options: {},
          via: "JOB",
          userId: null,
        });
        const result = await runExport(sourcePool, source.url, id, storeTarget(store, id));
        if (result?.status !== "DONE") throw new Error(`export ${format}: ${JSON.stringify(result)}`);
        exported.push(path.join(folder, String(id), result.manifest.files[0]?.name as string));
      }
      for (const file of exported) expect((await importFile(target.url, file)).rejected).toBe(0);

      const singleTurn = `SELECT si."uri" || ' | ' || t."longInstruction" || ' | ' || t."shortInstruction" || ' | ' || et."name"
                 || ' | ' || oi."uri" || ' | ' || e."effectiveVerdict" AS edit
        FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" JOIN "Image" si ON si."id" = t."sourceImageId"
          JOIN "Image" oi ON oi."id" = e."outputImageId" JOIN "EditType" et ON et."id" = e."editTypeId"
        WHERE e."origin" <> 'MULTI_TURN' AND %s ORDER BY 1`;
      const pairs = `SELECT ci."uri" || ' > ' || ri."uri" AS pair FROM "PreferencePair" p
        JOIN "Edit" c ON c."id" = p."chosenEditId" JOIN "Image" ci ON ci."id" = c."outputImageId"
        JOIN "Edit" r ON r."id" = p."rejectedEditId" JOIN "Image" ri ON ri."id" = r."outputImageId" ORDER BY 1`;
      const sequences = `SELECT o."uri" || ' | ' || string_agg(t."longInstruction" || ' -> ' || i."uri", ' | ' ORDER BY st."position") AS sequence
        FROM "Sequence" s JOIN "Image" o ON o."id" = s."originalImageId" JOIN "SequenceTurn" st ON st."sequenceId" = s."id"
          JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId" JOIN "Image" i ON i."id" = e."outputImageId"
        GROUP BY s."id", o."uri" ORDER BY 1`;
      const read = async (db: pg.Pool, sql: string) => (await db.query(sql)).rows.map((row) => Object.values(row)[0]);
      // What the release's files carry: passing SFT edits, and the edits of tasks with pairs.
      const carried = `(e."origin" = 'SFT' AND e."effectiveVerdict" = 'PASS' OR EXISTS (SELECT 1 FROM "PreferencePair" p
        WHERE e."id" IN (p."chosenEditId", p."rejectedEditId")))`;
      const before = await read(sourcePool, singleTurn.replace("%s", carried));
      expect(before.length).toBeGreaterThan(500);
      expect(await read(targetPool, singleTurn.replace("%s", "TRUE"))).toEqual(before);
      // The edits a person failed left the SFT file; a failed attempt a person passed came
      // back as a passing edit where its task still has a failure to pair it with.
      const verdictsIn = async (db: pg.Pool, ids: number[]) => {
        const { rows: uris } = await sourcePool.query<{ uri: string }>(
          `SELECT i."uri" FROM "Edit" e JOIN "Image" i ON i."id" = e."outputImageId" WHERE e."id" = ANY($1::int[])`,
          [ids],
        );
        const { rows } = await db.query<{ verdict: string }>(
          `SELECT e."effectiveVerdict" AS verdict FROM "Edit" e JOIN "Image" i ON i."id" = e."outputImageId" WHERE i."uri" = ANY($1::text[])`,
          [uris.map((row) => row.uri)],
        );
        return rows.map((row) => row.verdict);
      };
      expect(await verdictsIn(targetPool, failed)).toEqual([]);
      expect(await verdictsIn(targetPool, passed)).toContain("PASS");
      expect(await read(targetPool, pairs)).toEqual(await read(sourcePool, pairs));
      expect(await read(targetPool, sequences)).toEqual(await read(sourcePool, sequences));
    } finally {
      await Promise.all([sourcePool.end(), targetPool.end()]);
      await Promise.all([source.drop(), target.drop()]);
      fs.rmSync(files, { recursive: true, force: true });
    }
  });
});
