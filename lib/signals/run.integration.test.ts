import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

import pg from "pg";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { migrateDatabase } from "../postgres/migrate";
import { filterFromParams } from "../schemas/edit-filter-params";
import type { EditFilter } from "../schemas/edit-filter";
import { editFilterWhere } from "../sql/edit-filter";
import { facetQueries, sumFacets, type CubeRow } from "../sql/gallery";
import { createTestDatabase, type TestDatabase } from "../testing/test-database";
import { EDIT_TYPES } from "../taxonomy/taxonomy";
import { computeSignals, reflagSignals } from "./run";
import { LOCAL_EDIT, restyled, scene } from "./test-scenes";

// Change signals on edits made for the purpose: a no-op, a local edit, a local edit type
// whose output was restyled whole (an over-edit), a restyle of a style type, a crop, and
// images served over HTTP: one gone (404), one that answers 503 before it answers.

let database: TestDatabase;
let pool: pg.Pool;
let imageRoot: string;
let server: http.Server;
let base: string;
let flaky = 0;

const typeId = (name: string) => (EDIT_TYPES.find((type) => type.name === name)?.position ?? 0) as number;
const REMOVE = typeId("Remove an existing object");
const STYLE = typeId("Strong artistic style transfer (e.g., Van Gogh/anime/etc.)");

beforeAll(async () => {
  database = await createTestDatabase("signals", process.env.TEST_SERVER_URL || undefined);
  await migrateDatabase(database.url);
  imageRoot = fs.mkdtempSync(path.join(os.tmpdir(), "pico-signals-"));
  process.env.IMAGE_ROOT = imageRoot;
  const files: Record<string, Buffer> = {
    "source.png": await scene(),
    "copy.jpg": await sharp(await scene())
      .jpeg({ quality: 92 })
      .toBuffer(),
    "local.png": await scene(LOCAL_EDIT),
    "restyled.png": await restyled(),
    "restyled-style.png": await restyled(),
    "cropped.png": await sharp(await scene())
      .extract({ left: 0, top: 0, width: 240, height: 240 })
      .png()
      .toBuffer(),
  };
  for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(imageRoot, name), bytes);
  server = http.createServer((request, response) => {
    if (request.url === "/flaky.png" && flaky++ < 1) {
      response.writeHead(503, { "retry-after": "0" });
      return response.end();
    }
    const file = request.url === "/flaky.png" ? "local.png" : null;
    if (!file) {
      response.writeHead(404);
      return response.end();
    }
    response.writeHead(200, { "content-type": "image/png" });
    response.end(files[file]);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
});

afterAll(async () => {
  await pool?.end();
  await database?.drop();
  server?.close();
  fs.rmSync(imageRoot, { recursive: true, force: true });
});

// One edit of `type` from source.png to `output`; its id.
async function edit(output: string, type: number): Promise<number> {
  const { rows } = await pool.query<{ id: number }>(
    `WITH source AS (INSERT INTO "Image" ("uri") VALUES ('source.png') ON CONFLICT ("uri") DO UPDATE SET "uri" = EXCLUDED."uri" RETURNING "id"),
          output AS (INSERT INTO "Image" ("uri") VALUES ($1) RETURNING "id"),
          task AS (INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash", "editTypeId")
                   SELECT "id", $1, $1, md5($1), $2 FROM source RETURNING "id")
     INSERT INTO "Edit" ("taskId", "outputImageId", "origin", "editTypeId")
     SELECT task."id", output."id", 'SFT', $2 FROM task, output RETURNING "id"`,
    [output, type],
  );
  return rows[0]?.id as number;
}

describe("computeSignals", () => {
  it("flags a no-op, an over-edit and a changed size, by the edit type's scope", async () => {
    const ids = {
      noOp: await edit("copy.jpg", REMOVE),
      local: await edit("local.png", REMOVE),
      overEdit: await edit("restyled.png", REMOVE),
      restyle: await edit("restyled-style.png", STYLE),
      cropped: await edit("cropped.png", REMOVE),
    };
    const summary = await computeSignals(pool, {});
    expect(summary).toMatchObject({ total: 5, computed: 5, unavailable: 0 });
    const { rows } = await pool.query<{
      editId: number;
      noOp: boolean;
      overEdit: boolean;
      sizeChanged: boolean;
      changedFraction: number;
      grid: number[];
    }>(`SELECT "editId", "noOp", "overEdit", "sizeChanged", "changedFraction", "grid" FROM "EditSignal"`);
    const of = (id: number) => rows.find((row) => row.editId === id);
    const flags = (id: number) => {
      const row = of(id);
      return row && { noOp: row.noOp, overEdit: row.overEdit, sizeChanged: row.sizeChanged };
    };
    expect(flags(ids.noOp)).toEqual({ noOp: true, overEdit: false, sizeChanged: false });
    expect(flags(ids.local)).toEqual({ noOp: false, overEdit: false, sizeChanged: false });
    expect(flags(ids.overEdit)).toEqual({ noOp: false, overEdit: true, sizeChanged: false });
    expect(flags(ids.restyle)).toEqual({ noOp: false, overEdit: false, sizeChanged: false });
    expect(flags(ids.cropped)?.sizeChanged).toBe(true);
    expect(of(ids.local)?.grid).toHaveLength(16);
    // Computed once: a second pass finds nothing left.
    expect(await computeSignals(pool, {})).toMatchObject({ total: 0, computed: 0 });
  });

  it("marks an edit whose image is gone unavailable with the HTTP status, and retries a 503", async () => {
    const gone = await edit(`${base}/gone.png`, REMOVE);
    const flakyEdit = await edit(`${base}/flaky.png`, REMOVE);
    const summary = await computeSignals(pool, {});
    expect(summary).toMatchObject({ computed: 2, unavailable: 1 });
    const { rows } = await pool.query<{ editId: number; available: boolean; error: string | null; status: string }>(
      `SELECT s."editId", s."available", s."error", i."status" FROM "EditSignal" s JOIN "Edit" e ON e."id" = s."editId"
       JOIN "Image" i ON i."id" = e."outputImageId" WHERE s."editId" = ANY($1::int[]) ORDER BY s."editId"`,
      [[gone, flakyEdit]],
    );
    expect(rows).toEqual([
      { editId: gone, available: false, error: `output image: ${base}/gone.png: HTTP 404`, status: "MISSING" },
      { editId: flakyEdit, available: true, error: null, status: "OK" },
    ]);
    expect(flaky).toBe(2);
  });

  it("gives up on a host that keeps refusing, rather than waiting on each of its images", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const ids = [];
    for (let n = 0; n < 12; n++) ids.push(await edit(`http://127.0.0.1:${port}/refused-${n}.png`, REMOVE));
    const summary = await computeSignals(pool, {}, { concurrency: 1 });
    expect(summary).toMatchObject({ computed: 12, unavailable: 12 });
    const { rows } = await pool.query<{ error: string }>(
      `SELECT "error" FROM "EditSignal" WHERE "editId" = ANY($1::int[]) ORDER BY "editId"`,
      [ids],
    );
    // Connection refused is not retried; after ten in a row the host is given up.
    expect(rows.slice(0, 10).every((row) => /ECONNREFUSED|connect/.test(row.error))).toBe(true);
    expect(
      rows.slice(10).every((row) => row.error.includes(`127.0.0.1:${port} unreachable (10 fetches in a row failed`)),
    ).toBe(true);
  });

  it("derives the flags of measured edits again from their stored measures, reading no image", async () => {
    const flagsNow = async () =>
      (
        await pool.query<{
          editId: number;
          noOp: boolean;
          overEdit: boolean;
          sizeChanged: boolean;
          bits: number | null;
        }>(
          `SELECT s."editId", s."noOp", s."overEdit", s."sizeChanged", e."signalFlags" AS bits
           FROM "EditSignal" s JOIN "Edit" e ON e."id" = s."editId" ORDER BY 1`,
        )
      ).rows;
    const right = await flagsNow();
    expect(right.some((row) => row.noOp) && right.some((row) => row.overEdit)).toBe(true);
    // As thresholds of an earlier version would have left them: every flag turned over.
    await pool.query(`UPDATE "EditSignal" SET "noOp" = NOT "noOp", "overEdit" = NOT "overEdit" WHERE "available"`);
    const images = fs.readdirSync(imageRoot);
    for (const file of images) fs.renameSync(path.join(imageRoot, file), path.join(imageRoot, `${file}.away`));
    try {
      const measured = right.filter((row) => row.bits !== 8).length;
      expect(await reflagSignals(pool, {})).toEqual({ edits: measured, changed: measured });
      expect(await flagsNow()).toEqual(right);
      expect(await reflagSignals(pool, {})).toEqual({ edits: measured, changed: 0 });
    } finally {
      for (const file of images) fs.renameSync(path.join(imageRoot, `${file}.away`), path.join(imageRoot, file));
    }
  });

  it("is a filter field: flags=no-op,size keeps the edits with either, unmeasured those without signals", async () => {
    const unmeasured = await edit("local-unmeasured.png", REMOVE);
    const ids = async (query: string) => {
      const parsed = filterFromParams(new URLSearchParams(query));
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
      const where = editFilterWhere(parsed.filter);
      const { rows } = await pool.query<{ id: number }>(
        `SELECT e."id" FROM "Edit" e WHERE ${where.text} ORDER BY e."id"`,
        where.values,
      );
      return rows.map((row) => row.id);
    };
    const flagged = async (condition: string) =>
      (
        await pool.query<{ id: number }>(`SELECT "editId" AS id FROM "EditSignal" WHERE ${condition} ORDER BY 1`)
      ).rows.map((row) => row.id);
    expect(await ids("flags=no-op")).toEqual(await flagged(`"noOp"`));
    expect((await ids("flags=no-op")).length).toBe(1);
    expect(await ids("flags=no-op,size")).toEqual(await flagged(`"noOp" OR "sizeChanged"`));
    expect(await ids("flags=over-edit")).toEqual(await flagged(`"overEdit"`));
    expect(await ids("flags=unavailable")).toEqual(await flagged(`NOT "available"`));
    expect(await ids("flags=unmeasured")).toEqual([unmeasured]);
    // The gallery's flag facet: per flag, the edits under the rest of the filter that
    // have it, counted from the cube (EditFacetCount for all edits, a GROUP BY otherwise).
    const FLAG_CONDITIONS = {
      "no-op": `s."noOp"`,
      "over-edit": `s."overEdit"`,
      size: `s."sizeChanged"`,
      unavailable: `NOT s."available"`,
      unmeasured: `s."editId" IS NULL`,
    };
    for (const filter of [{}, { types: [REMOVE] }, { q: "local" }, { q: "local", flags: ["no-op" as const] }]) {
      const queries = facetQueries(filter);
      const cubes = await Promise.all(
        queries.map(async (query) => (await pool.query<CubeRow>(query.text, query.values)).rows),
      );
      const { flags: _flags, ...rest } = filter as EditFilter;
      const where = editFilterWhere(rest);
      const naive = [];
      for (const [flag, condition] of Object.entries(FLAG_CONDITIONS)) {
        const { rows } = await pool.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM "Edit" e LEFT JOIN "EditSignal" s ON s."editId" = e."id" WHERE ${where.text} AND ${condition}`,
          where.values,
        );
        if (rows[0]!.count > 0) naive.push({ value: flag, count: rows[0]!.count });
      }
      expect(sumFacets(filter, queries, cubes).flags, JSON.stringify(filter)).toEqual(
        naive.sort((a, b) => (a.value < b.value ? -1 : 1)),
      );
    }
    expect(filterFromParams(new URLSearchParams("flags=blurry"))).toEqual({
      ok: false,
      problems: [{ param: "flags", message: "must be one of no-op, over-edit, size, unavailable, unmeasured" }],
    });
  });
});
