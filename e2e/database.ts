import pg from "pg";

import { E2E_DATABASE_URL } from "../playwright.config";

// The e2e server's embedded database, read directly to know what the pages must show.
export async function queryOne<T extends pg.QueryResultRow>(sql: string): Promise<T> {
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
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
  const client = new pg.Client({ connectionString: E2E_DATABASE_URL });
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
