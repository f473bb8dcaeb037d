import pg from "pg";

import { readRunningServer } from "../lib/postgres/embedded-address";
import { E2E_DATA_DIR } from "../playwright.config";

// The e2e server's embedded database, read directly to know what the pages must show.
function databaseUrl(): string {
  const server = readRunningServer(E2E_DATA_DIR);
  if (!server) throw new Error(`The e2e server's embedded database is not running in ${E2E_DATA_DIR}`);
  return server.url;
}

export async function queryOne<T extends pg.QueryResultRow>(sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query<T>(sql);
    if (!rows[0]) throw new Error(`no row for ${sql}`);
    return rows[0];
  } finally {
    await client.end();
  }
}

export async function queryAll<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

export async function execute(sql: string): Promise<void> {
  await queryAll(sql);
}

export type TestEdit = { id: number; sourceUri: string; outputUri: string; shortInstruction: string };

// An edit of the test's own (its images, task and edit, and a release verdict when
// given) and the way to remove it again: other specs read the newest edits.
export async function insertEdit(options: {
  sourceUri: string;
  outputUri: string;
  shortInstruction: string;
  releaseVerdict?: "PASS" | "FAIL";
}): Promise<{ edit: TestEdit; remove: () => Promise<void> }> {
  const long = `${options.shortInstruction} (${options.outputUri})`;
  const verdict = options.releaseVerdict ? `'${options.releaseVerdict}'` : "NULL";
  const { id } = await queryOne<{ id: number }>(`
    WITH source AS (INSERT INTO "Image" ("uri") VALUES ('${options.sourceUri}') RETURNING "id"),
         output AS (INSERT INTO "Image" ("uri") VALUES ('${options.outputUri}') RETURNING "id"),
         task AS (INSERT INTO "Task" ("sourceImageId", "longInstruction", "shortInstruction", "instructionHash", "editTypeId")
                  SELECT "id", '${long}', '${options.shortInstruction}', md5('${long}'), 1 FROM source RETURNING "id")
    INSERT INTO "Edit" ("taskId", "outputImageId", "origin", "judgeVerdict", "effectiveVerdict", "editTypeId")
    SELECT task."id", output."id", 'SFT', ${verdict}, ${verdict}, 1 FROM task, output RETURNING "id"`);
  if (options.releaseVerdict)
    await execute(
      `WITH j AS (INSERT INTO "Judgement" ("editId", "judge", "passed") VALUES (${id}, 'release', ${options.releaseVerdict === "PASS"}) RETURNING "id")
       UPDATE "Edit" SET "judgementId" = j."id" FROM j WHERE "Edit"."id" = ${id}`,
    );
  return {
    edit: { id, ...options },
    remove: async () => {
      await execute(`DELETE FROM "Judgement" WHERE "editId" = ${id}`);
      await execute(`DELETE FROM "Edit" WHERE "id" = ${id}`);
      await execute(`DELETE FROM "Task" WHERE "longInstruction" = '${long}'`);
      await execute(`DELETE FROM "Image" WHERE "uri" IN ('${options.sourceUri}', '${options.outputUri}')`);
    },
  };
}
