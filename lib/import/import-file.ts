import pg from "pg";

import { detectKind, parseLine, RECORD_KINDS, type PicoRecord, type RecordKind } from "../pico/records";
import { parseJsonLine } from "../pico/text";
import { checkInputFile, ImportInputError, runBatch, type BatchSummary, type RunOptions } from "./batch-runner";
import { readLineBlocks } from "./read-lines";
import { findSharedTurns } from "./sequence-turns";
import { stageRows } from "./stage";
import { writeChunk } from "./write-chunk";

// A released record file (sft, preference or multi-turn) into the database.

export type FileSummary = BatchSummary & { kind: RecordKind };

const KIND_PROBE_LINES = 1000;
const BATCH_KIND = { sft: "SFT", preference: "PREFERENCE", "multi-turn": "MULTI_TURN" } as const;

// The kind of a file's records, from the first line that is a recognisable record.
export async function detectFileKind(file: string): Promise<RecordKind> {
  let seen = 0;
  for await (const block of readLineBlocks(file)) {
    for (const line of block) {
      if (++seen > KIND_PROBE_LINES) break;
      // A line that cannot be read or parsed says nothing about the file's kind; the
      // import reports it.
      if ("problem" in line) continue;
      const json = parseJsonLine(line.text);
      const kind = json.ok ? detectKind(json.value) : null;
      if (kind) return kind;
    }
    if (seen > KIND_PROBE_LINES) break;
  }
  throw new ImportInputError(
    `${file}: cannot tell which kind of records it holds; pass --kind ${RECORD_KINDS.join("|")}`,
  );
}

export async function importFile(
  url: string,
  file: string,
  options: RunOptions & { kind?: RecordKind } = {},
): Promise<FileSummary> {
  checkInputFile(file);
  const kind = options.kind ?? (await detectFileKind(file));
  const summary = await runBatch<PicoRecord>(
    url,
    file,
    {
      kind: BATCH_KIND[kind],
      parse: (text) => parseLine(text, kind),
      write: async (client, records, batchId) => {
        const rows = records.flatMap(({ line, record }) => stageRows(record, line));
        const rejected = await findSharedTurns(client, rows);
        const refused = new Set(rejected.map((bad) => bad.line));
        const { newLines } = await writeChunk(
          client,
          refused.size ? rows.filter((row) => !refused.has(row.line)) : rows,
          batchId,
        );
        return { newLines, notes: [], rejected };
      },
    },
    options,
  );
  return { ...summary, kind };
}

// The tables an import writes, for ANALYZE once it is done: until autovacuum comes by, the
// planner would plan for them as they were before (right after importing the full release,
// an export of its SFT subset took 3.9 s on those statistics and 2.8 s after ANALYZE).
const IMPORTED_TABLES = [
  "Image",
  "Task",
  "TaskSearch",
  "Edit",
  "Judgement",
  "PreferencePair",
  "Sequence",
  "SequenceTurn",
];

export async function analyzeImportedTables(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`ANALYZE ${IMPORTED_TABLES.map((table) => `"${table}"`).join(", ")}`);
  } finally {
    await client.end();
  }
}
