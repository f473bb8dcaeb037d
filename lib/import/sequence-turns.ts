import type pg from "pg";

import type { BadLine } from "./batch-runner";
import type { StageRow } from "./stage";

// An edit is a turn of one sequence only (SequenceTurn's editId is unique), and a turn's
// edit is its source image, instruction and output. A multi-turn record with a turn that
// another sequence already has, in the database or earlier in the chunk, would break that
// on insert and fail the whole import: it is refused instead, by line. A record that only
// repeats an earlier one has the same sequence key and is no conflict: it is already
// present. The caller holds the import lock, so the answer stays true until it commits.
export async function findSharedTurns(client: pg.ClientBase, rows: StageRow[]): Promise<BadLine[]> {
  const turns = rows.filter((row) => row.sequenceKey !== null);
  if (turns.length === 0) return [];
  const editKey = (row: StageRow) => `${row.sourceUri}\n${row.taskHash}\n${row.outputUri}`;
  const { rows: taken } = await client.query<{
    line: number;
    turn: number;
    other_turn: number;
    other_line: number;
    other_batch: number;
  }>(
    `SELECT DISTINCT ON (k.line) k.line, k.turn, st."position" AS other_turn, s."sourceLine" AS other_line, s."importBatchId" AS other_batch
     FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) AS k(line, turn, sequence_key, source, hash, output)
     JOIN "Image" si ON si."uri" = k.source
     JOIN "Task" t ON t."sourceImageId" = si."id" AND t."instructionHash" = k.hash
     JOIN "Image" oi ON oi."uri" = k.output
     JOIN "Edit" e ON e."taskId" = t."id" AND e."outputImageId" = oi."id"
     JOIN "SequenceTurn" st ON st."editId" = e."id"
     JOIN "Sequence" s ON s."id" = st."sequenceId"
     WHERE s."key" <> k.sequence_key
     ORDER BY k.line, k.turn`,
    [
      turns.map((row) => row.line),
      turns.map((row) => row.turn),
      turns.map((row) => row.sequenceKey),
      turns.map((row) => row.sourceUri),
      turns.map((row) => row.taskHash),
      turns.map((row) => row.outputUri),
    ],
  );
  const refused = new Map(
    taken.map((row) => [
      row.line,
      `turn ${row.turn} is already turn ${row.other_turn} of the sequence imported from line ${row.other_line} (import batch #${row.other_batch}); an edit belongs to one sequence only`,
    ]),
  );
  const recordsByLine = new Map<number, StageRow[]>();
  for (const row of turns) recordsByLine.set(row.line, [...(recordsByLine.get(row.line) ?? []), row]);
  const claimed = new Map<string, StageRow>();
  for (const [line, record] of recordsByLine) {
    if (refused.has(line)) continue;
    const clash = record.find((row) => {
      const other = claimed.get(editKey(row));
      return other !== undefined && other.sequenceKey !== row.sequenceKey;
    });
    if (clash) {
      const other = claimed.get(editKey(clash)) as StageRow;
      refused.set(
        line,
        `turn ${clash.turn} is already turn ${other.turn} of the sequence on line ${other.line}; an edit belongs to one sequence only`,
      );
      continue;
    }
    for (const row of record) if (!claimed.has(editKey(row))) claimed.set(editKey(row), row);
  }
  return [...refused].map(([line, reason]) => ({ line, reason })).sort((a, b) => a.line - b.line);
}
