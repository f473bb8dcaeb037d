import "server-only";

import { db } from "../db";

type Verdict = "PASS" | "FAIL" | null;
export type SequenceSummary = { id: number; originalImageId: number; turns: number; failedTurns: number; firstPrompt: string };
export type SequenceTurnView = { position: number; editId: number; prompt: string; outputImageId: number; verdict: Verdict; overall: number | null; afterFailure: boolean };
export type SequenceDetail = { id: number; originalImageId: number; turns: SequenceTurnView[] };

// Newest sessions first, keyset on id like the gallery.
export async function findSequences(page: { cursor?: number; limit: number }): Promise<{ items: SequenceSummary[]; nextCursor: number | null }> {
  const rows = await db.$queryRawUnsafe<{ id: number; originalImageId: number; turns: bigint; failedTurns: bigint; firstPrompt: string }[]>(
    `SELECT s."id", s."originalImageId", count(st.*) AS turns, count(*) FILTER (WHERE e."effectiveVerdict" = 'FAIL') AS "failedTurns",
            (array_agg(t."shortInstruction" ORDER BY st."position"))[1] AS "firstPrompt"
     FROM "Sequence" s JOIN "SequenceTurn" st ON st."sequenceId" = s."id" JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId"
     WHERE ($1::int IS NULL OR s."id" < $1)
     GROUP BY s."id" ORDER BY s."id" DESC LIMIT $2`,
    page.cursor ?? null,
    page.limit + 1,
  );
  const items = rows.slice(0, page.limit).map((row) => ({ ...row, turns: Number(row.turns), failedTurns: Number(row.failedTurns) }));
  return { items, nextCursor: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}

// A session turn by turn. A turn edits the output of the one before, so every turn after
// a failed one starts from a failed picture: those are marked.
export async function getSequence(id: number): Promise<SequenceDetail | null> {
  const sequence = await db.sequence.findUnique({
    where: { id },
    select: {
      id: true,
      originalImageId: true,
      turns: { orderBy: { position: "asc" }, select: { position: true, edit: { select: { id: true, outputImageId: true, effectiveVerdict: true, overall: true, task: { select: { shortInstruction: true } } } } } },
    },
  });
  if (!sequence) return null;
  let failedBefore = false;
  const turns = sequence.turns.map((turn) => {
    const view = { position: turn.position, editId: turn.edit.id, prompt: turn.edit.task.shortInstruction, outputImageId: turn.edit.outputImageId, verdict: turn.edit.effectiveVerdict, overall: turn.edit.overall, afterFailure: failedBefore };
    failedBefore ||= turn.edit.effectiveVerdict === "FAIL";
    return view;
  });
  return { id: sequence.id, originalImageId: sequence.originalImageId, turns };
}
