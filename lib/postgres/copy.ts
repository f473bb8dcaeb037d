import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

// Bulk writes: PostgreSQL's COPY, through pg-copy-streams. Prisma's createMany spends its
// time in the client (17-27 s per 100,000 rows on these machines); COPY is the server's own
// fastest way in, and both kinds of database (a server, the embedded one) take it.

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

// Ids come from the table's own sequence, so rows can reference each other before they
// are written. One nextval per id costs about 10 microseconds each; instead the sequence
// moves past the whole range at once with setval. ALTER SEQUENCE (changing nothing) is
// there for its lock: it holds off every other nextval on the sequence until this
// transaction ends, so nobody else takes an id inside the range.
const sequenceNames = new Map<string, string>();

export async function allocateIds(client: pg.ClientBase, table: string, count: number): Promise<number[]> {
  if (count === 0) return [];
  let sequence = sequenceNames.get(table);
  if (!sequence) {
    const { rows } = await client.query<{ name: string }>(`SELECT pg_get_serial_sequence($1, 'id') AS name`, [
      quote(table),
    ]);
    sequence = rows[0]?.name;
    if (!sequence) throw new Error(`table ${table} has no id sequence`);
    sequenceNames.set(table, sequence);
  }
  const literal = `'${sequence.replace(/'/g, "''")}'`;
  const results = (await client.query(
    `ALTER SEQUENCE ${sequence} INCREMENT BY 1; SELECT setval(${literal}, nextval(${literal}) + ${count - 1}) - ${count - 1} AS first`,
  )) as unknown as pg.QueryResult<{ first: string }>[];
  const first = Number(results[1]?.rows[0]?.first);
  return Array.from({ length: count }, (_, index) => first + index);
}

// COPY's text format: tab-separated, \N for null, backslash escapes for the separators.
function copyField(value: unknown): string {
  if (value === null || value === undefined) return "\\N";
  const text = typeof value === "string" ? value : String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r")
    : text;
}

function* copyLines(rows: unknown[][]): Generator<string> {
  let buffer = "";
  for (const row of rows) {
    buffer += `${row.map(copyField).join("\t")}\n`;
    if (buffer.length > 1 << 16) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer) yield buffer;
}

// Writes rows, each a list of values in the order of columns, into table.
export async function copyRows(
  client: pg.ClientBase,
  table: string,
  columns: string[],
  rows: unknown[][],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(quote).join(", ");
  await pipeline(Readable.from(copyLines(rows)), client.query(copyFrom(`COPY ${quote(table)} (${names}) FROM STDIN`)));
}
