import { StringDecoder } from "node:string_decoder";

import { ByteWriter, ParquetWriter } from "hyparquet-writer";

import { TABLE_COLUMNS } from "./sql";

// The flat table as Parquet (hyparquet-writer): the table's JSON lines, as COPY sends them,
// gathered into columns one row group at a time and written as each fills, so memory holds
// one row group. Typed columns, every one nullable; no timestamp in the file, so the same
// rows give the same bytes.

// 16,384 rows of about 1 KB: a row group of 10-20 MB in memory, small enough for the
// 250 MB bound and big enough that readers read few of them.
export const ROW_GROUP_ROWS = 16_384;
export const CREATED_BY = "pico-curator";

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

type Row = Record<string, string | number | null>;

async function* jsonLines(chunks: AsyncIterable<Buffer>): AsyncGenerator<Row> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  for await (const chunk of chunks) {
    const text = rest + decoder.write(chunk);
    const lines = text.split("\n");
    rest = lines.pop() ?? "";
    for (const line of lines) yield JSON.parse(line) as Row;
  }
  rest += decoder.end();
  if (rest !== "") yield JSON.parse(rest) as Row;
}

export async function* parquetChunks(
  lines: AsyncIterable<Buffer>,
  onRows: (written: number) => void,
): AsyncGenerator<Buffer> {
  const writer = new ByteWriter();
  const parquet = new ParquetWriter({ writer, schema: SCHEMA, createdBy: CREATED_BY });
  const drain = () => {
    const bytes = Buffer.from(writer.buffer.slice(0, writer.index));
    writer.index = 0;
    return bytes;
  };
  let columns = TABLE_COLUMNS.map(() => [] as (string | number | null)[]);
  let written = 0;
  const flush = () => {
    parquet.write({
      columnData: TABLE_COLUMNS.map((column, index) => ({ name: column.name, data: columns[index] as never })),
      rowGroupSize: ROW_GROUP_ROWS,
    });
    written += columns[0]?.length ?? 0;
    columns = TABLE_COLUMNS.map(() => []);
    onRows(written);
    return drain();
  };
  yield drain();
  for await (const row of jsonLines(lines)) {
    TABLE_COLUMNS.forEach((column, index) => columns[index]?.push(row[column.name] ?? null));
    if ((columns[0]?.length ?? 0) === ROW_GROUP_ROWS) yield flush();
  }
  if ((columns[0]?.length ?? 0) > 0) yield flush();
  parquet.finish();
  yield drain();
}
