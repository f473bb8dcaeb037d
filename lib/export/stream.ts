import { createHash } from "node:crypto";

import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";

import type { EditFilter } from "../schemas/edit-filter";
import type { ExportFormatName, ExportOptions } from "./formats";
import { parquetChunks } from "./parquet";
import { exportQuery, type ExportQuery } from "./sql";

// An export's bytes, straight from PostgreSQL: COPY ... TO STDOUT streams the statement of
// lib/export/sql.ts, and the chunks go on as they come (to a response, a file or both), so
// memory holds a chunk or, for Parquet, one row group. Stopping the consumer stops the
// COPY; the caller ends the connection, which ends the query.

const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

// COPY takes no bind parameters: the filter's values go in as literals, each escaped by pg.
// Only numbers, booleans, text and lists of them come from editFilterWhere.
export function inlineParameters(client: pg.Client, query: ExportQuery): string {
  const literal = (value: unknown): string => {
    if (typeof value === "number") {
      if (!Number.isFinite(value)) throw new Error(`cannot write ${value} into SQL`);
      return String(value);
    }
    if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
    if (typeof value === "string") return client.escapeLiteral(value);
    if (Array.isArray(value))
      return client.escapeLiteral(`{${value.map((item) => `"${String(item).replace(/["\\]/g, "\\$&")}"`).join(",")}}`);
    throw new Error(`cannot write a ${typeof value} into SQL`);
  };
  return query.text.replace(/\$(\d+)/g, (_, n: string) => {
    if (Number(n) < 1 || Number(n) > query.values.length) throw new Error(`no value for $${n}`);
    return literal(query.values[Number(n) - 1]);
  });
}

// JSON lines out of COPY untouched: its CSV mode quotes a field only when it holds the
// delimiter, the quote character, or a line break, and PostgreSQL's JSON escapes every
// control character (\n, \u0001...), so with \x01 and \x02 as delimiter and quote no line
// is ever quoted, where COPY's text mode would double every backslash.
const jsonLinesCopy = (sql: string) => `COPY (${sql}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`;
const csvCopy = (sql: string) => `COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER true)`;
const binaryCopy = (sql: string) => `COPY (${sql}) TO STDOUT WITH (FORMAT binary)`;

async function* copyChunks(client: pg.Client, sql: string): AsyncGenerator<Buffer> {
  const stream = client.query(copyTo(sql));
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

// RFC 4180 ends records with CRLF; COPY ends them with LF. Line breaks inside a quoted
// field are data and stay as they are. Counts the records it ends.
export function crlfRecords(): { transform: (chunk: Buffer) => Buffer; records: () => number } {
  let inQuotes = false;
  let records = 0;
  return {
    records: () => records,
    transform(chunk) {
      const parts: Buffer[] = [];
      let start = 0;
      let quote = chunk.indexOf(QUOTE);
      let lineEnd = chunk.indexOf(LF);
      while (quote !== -1 || lineEnd !== -1) {
        if (quote !== -1 && (lineEnd === -1 || quote < lineEnd)) {
          inQuotes = !inQuotes;
          quote = chunk.indexOf(QUOTE, quote + 1);
          continue;
        }
        if (!inQuotes) {
          parts.push(chunk.subarray(start, lineEnd), CRLF);
          start = lineEnd + 1;
          records += 1;
        }
        lineEnd = chunk.indexOf(LF, lineEnd + 1);
      }
      if (start === 0) return chunk;
      parts.push(chunk.subarray(start));
      return Buffer.concat(parts);
    },
  };
}
const CRLF = Buffer.from([CR, LF]);

function countLines(chunk: Buffer): number {
  let lines = 0;
  for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) lines += 1;
  return lines;
}

export type ExportStream = {
  chunks: AsyncGenerator<Buffer>;
  // Data rows and bytes so far, and the sha256 of all bytes once the chunks are done.
  rows: () => number;
  bytes: () => number;
  sha256: () => string;
};

export function streamExport(
  client: pg.Client,
  format: ExportFormatName,
  filter: EditFilter,
  options: ExportOptions = {},
): ExportStream {
  const sql = inlineParameters(client, exportQuery(format, filter, options));
  const hash = createHash("sha256");
  let rows = 0;
  let bytes = 0;
  let digest: string | null = null;
  async function* source(): AsyncGenerator<Buffer> {
    if (format === "csv") {
      const crlf = crlfRecords();
      for await (const chunk of copyChunks(client, csvCopy(sql))) {
        yield crlf.transform(chunk);
        rows = Math.max(0, crlf.records() - 1);
      }
    } else if (format === "parquet") {
      yield* parquetChunks(copyChunks(client, binaryCopy(sql)), (written) => (rows = written));
    } else {
      for await (const chunk of copyChunks(client, jsonLinesCopy(sql))) {
        rows += countLines(chunk);
        yield chunk;
      }
    }
  }
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of source()) {
      hash.update(chunk);
      bytes += chunk.length;
      yield chunk;
    }
    digest = hash.digest("hex");
  }
  return {
    chunks: counted(),
    rows: () => rows,
    bytes: () => bytes,
    sha256: () => {
      if (digest === null) throw new Error("the export has not finished");
      return digest;
    },
  };
}
