import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { compressSync } from "snappy";

import { TABLE_COLUMNS, type TableColumn } from "./sql";

// The flat table as Parquet (hyparquet-writer): the rows of COPY ... (FORMAT binary),
// gathered into columns one row group at a time and written as each fills, so memory holds
// one row group. Typed columns, every one nullable, Snappy-compressed (natively: the
// writer's own JavaScript Snappy took more time than the query); no timestamp in the
// file, so the same rows give the same bytes. Measured in docs/performance.md.

// 4,096 rows of about 700 bytes: a row group of about 3 MB of data (under 1 MB written).
// The writer's working set grows with the group: a process exporting the SFT subset of the
// full release peaked at 204 MB with 4,096 rows, 235 with 8,192, 315 with 16,384, at the
// same speed and within 0.6% of the same file size (docs/performance.md).
export const ROW_GROUP_ROWS = 4_096;
export const CREATED_BY = "pico-curator";

// Long text that no reader filters by range and that rarely repeats within a row group.
// Its bytes go from PostgreSQL's to the file's without becoming strings, and it gets no
// min/max statistics and no dictionary attempt, which only cost time there. Other text
// (types, verdicts, judges) repeats, and strings make its dictionary cheap.
const FREE_TEXT = new Set<TableColumn["name"]>(["text", "summarized_text", "source_image", "output_image"]);

const SCHEMA = [
  { name: "root", num_children: TABLE_COLUMNS.length },
  ...TABLE_COLUMNS.map((column) =>
    column.type === "STRING"
      ? {
          name: column.name,
          type: "BYTE_ARRAY" as const,
          converted_type: "UTF8" as const,
          repetition_type: "OPTIONAL" as const,
        }
      : { name: column.name, type: column.type, repetition_type: "OPTIONAL" as const },
  ),
];

// A free-text column of a row group: its values' bytes copied into one buffer that is
// kept from group to group, so COPY's chunks die young and memory stays flat.
class TextColumn {
  private bytes = Buffer.alloc(1 << 20);
  private used = 0;
  private starts: number[] = [];
  private ends: number[] = [];

  push(source: Buffer, at: number, length: number) {
    if (length === -1) {
      this.starts.push(-1);
      this.ends.push(-1);
      return;
    }
    if (this.used + length > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(this.bytes.length * 2, this.used + length));
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    source.copy(this.bytes, this.used, at, at + length);
    this.starts.push(this.used);
    this.used += length;
    this.ends.push(this.used);
  }

  // Views of the values, valid until clear().
  values(): (Uint8Array | null)[] {
    return this.starts.map((start, n) => (start === -1 ? null : this.bytes.subarray(start, this.ends[n])));
  }

  clear() {
    this.used = 0;
    this.starts = [];
    this.ends = [];
  }
}

type Column = TextColumn | (number | string | null)[];

// PostgreSQL's binary COPY: an 11-byte signature, flags and a header extension, then per
// row a 16-bit field count (-1 ends the data) and per field a 32-bit length (-1 for null)
// and its bytes: big-endian int4 and float8, UTF-8 text.
const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
const END_OF_DATA = -1;

// Where the row at `at` ends, or -1 when the data holds only part of it.
function rowEnd(data: Buffer, at: number): number {
  let cursor = at + 2;
  for (let field = 0; field < TABLE_COLUMNS.length; field++) {
    if (data.length - cursor < 4) return -1;
    cursor += 4 + Math.max(data.readInt32BE(cursor), 0);
  }
  return cursor <= data.length ? cursor : -1;
}

function readRow(data: Buffer, at: number, columns: Column[]) {
  let cursor = at + 2;
  TABLE_COLUMNS.forEach((column, index) => {
    const length = data.readInt32BE(cursor);
    cursor += 4;
    const target = columns[index] as Column;
    if (target instanceof TextColumn) target.push(data, cursor, length);
    else if (length === -1) target.push(null);
    else if (column.type === "STRING") target.push(data.toString("utf8", cursor, cursor + length));
    else {
      const expected = column.type === "INT32" ? 4 : 8;
      if (length !== expected)
        throw new Error(`column ${column.name}: expected ${expected} bytes of ${column.type}, got ${length}`);
      target.push(column.type === "INT32" ? data.readInt32BE(cursor) : data.readDoubleBE(cursor));
    }
    cursor += Math.max(length, 0);
  });
}

export async function* parquetChunks(
  copyBinary: AsyncIterable<Buffer>,
  onRows: (written: number) => void,
): AsyncGenerator<Buffer> {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({
    writer,
    schema: SCHEMA,
    createdBy: CREATED_BY,
    compressors: { SNAPPY: (input) => compressSync(input) },
  });
  const drain = () => {
    const bytes = Buffer.from(writer.buffer.slice(0, writer.index));
    writer.index = 0;
    return bytes;
  };
  const columns: Column[] = TABLE_COLUMNS.map((column) => (FREE_TEXT.has(column.name) ? new TextColumn() : []));
  let rows = 0;
  let written = 0;
  const flush = () => {
    parquet.write({
      columnData: TABLE_COLUMNS.map((column, index) => {
        const values = columns[index] as Column;
        return values instanceof TextColumn
          ? { name: column.name, data: values.values() as never, statistics: false, encoding: "PLAIN" as const }
          : { name: column.name, data: values as never };
      }),
      rowGroupSize: ROW_GROUP_ROWS,
    });
    columns.forEach((values, index) => {
      if (values instanceof TextColumn) values.clear();
      else columns[index] = [];
    });
    written += rows;
    rows = 0;
    onRows(written);
    return drain();
  };

  yield drain();
  let data: Buffer = Buffer.alloc(0);
  let headerDone = false;
  let ended = false;
  for await (const chunk of copyBinary) {
    data = data.length === 0 ? chunk : Buffer.concat([data, chunk]);
    let at = 0;
    if (!headerDone) {
      if (data.length < SIGNATURE.length + 8) continue;
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
      at = SIGNATURE.length + 8 + data.readInt32BE(SIGNATURE.length + 4);
      headerDone = true;
    }
    while (!ended && data.length - at >= 2) {
      const fields = data.readInt16BE(at);
      if (fields === END_OF_DATA) {
        ended = true;
        at += 2;
        break;
      }
      if (fields !== TABLE_COLUMNS.length)
        throw new Error(`expected ${TABLE_COLUMNS.length} columns in a row, got ${fields}`);
      const end = rowEnd(data, at);
      if (end === -1) break;
      readRow(data, at, columns);
      at = end;
      rows += 1;
      if (rows === ROW_GROUP_ROWS) yield flush();
    }
    data = data.subarray(at);
  }
  if (!ended || data.length > 0) throw new Error("the binary COPY stream ended inside a row");
  if (rows > 0) yield flush();
  parquet.finish();
  yield drain();
}
