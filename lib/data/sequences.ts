import "server-only";

import { db } from "../db";
import { imageView, type ImageView } from "./images";

type Verdict = "PASS" | "FAIL" | null;
export type SequenceSummary = {
  id: number;
  original: ImageView;
  turns: number;
  failedTurns: number;
  firstPrompt: string;
};
export type SequenceTurnView = {
  position: number;
  editId: number;
  prompt: string;
  output: ImageView;
  verdict: Verdict;
  overall: number | null;
  afterFailure: boolean;
};
export type SequenceDetail = { id: number; original: ImageView; turns: SequenceTurnView[] };

// Newest sessions first, keyset on id like the gallery.
export async function findSequences(page: {
  cursor?: number;
  limit: number;
}): Promise<{ items: SequenceSummary[]; nextCursor: number | null }> {
  const rows = await db.$queryRawUnsafe<
    {
      id: number;
      originalImageId: number;
      uri: string;
      localPath: string | null;
      turns: bigint;
      failedTurns: bigint;
      firstPrompt: string;
    }[]
  >(
    `SELECT s."id", s."originalImageId", i."uri", i."localPath", count(st.*) AS turns, count(*) FILTER (WHERE e."effectiveVerdict" = 'FAIL') AS "failedTurns",
            (array_agg(t."shortInstruction" ORDER BY st."position"))[1] AS "firstPrompt"
     FROM "Sequence" s JOIN "Image" i ON i."id" = s."originalImageId" JOIN "SequenceTurn" st ON st."sequenceId" = s."id" JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId"
     WHERE ($1::int IS NULL OR s."id" < $1)
     GROUP BY s."id", i."id" ORDER BY s."id" DESC LIMIT $2`,
    page.cursor ?? null,
    page.limit + 1,
  );
  const items = await Promise.all(
    rows.slice(0, page.limit).map(async (row) => ({
      id: row.id,
      original: await imageView({ id: row.originalImageId, uri: row.uri, localPath: row.localPath }),
      turns: Number(row.turns),
      failedTurns: Number(row.failedTurns),
      firstPrompt: row.firstPrompt,
    })),
  );
  return { items, nextCursor: rows.length > page.limit ? (items[items.length - 1]?.id ?? null) : null };
}

// A session turn by turn. A turn edits the output of the one before, so every turn after
// a failed one starts from a failed picture: those are marked. Two statements at once, not
// a nested select loaded level by level (four rounds under a busy server).
export async function getSequence(id: number): Promise<SequenceDetail | null> {
  const [sequences, turnRows] = await Promise.all([
    db.$queryRaw<{ id: number; imageId: number; uri: string; localPath: string | null }[]>`
      SELECT s."id", i."id" AS "imageId", i."uri", i."localPath"
      FROM "Sequence" s JOIN "Image" i ON i."id" = s."originalImageId" WHERE s."id" = ${id}`,
    db.$queryRaw<
      {
        position: number;
        editId: number;
        prompt: string;
        imageId: number;
        uri: string;
        localPath: string | null;
        verdict: Verdict;
        overall: number | null;
      }[]
    >`
      SELECT st."position", e."id" AS "editId", t."shortInstruction" AS "prompt", i."id" AS "imageId", i."uri", i."localPath",
             e."effectiveVerdict"::text AS "verdict", e."overall"
      FROM "SequenceTurn" st JOIN "Edit" e ON e."id" = st."editId" JOIN "Task" t ON t."id" = e."taskId"
      JOIN "Image" i ON i."id" = e."outputImageId"
      WHERE st."sequenceId" = ${id} ORDER BY st."position"`,
  ]);
  const sequence = sequences[0];
  if (!sequence) return null;
  const [original, ...outputs] = await Promise.all([
    imageView({ id: sequence.imageId, uri: sequence.uri, localPath: sequence.localPath }),
    ...turnRows.map((turn) => imageView({ id: turn.imageId, uri: turn.uri, localPath: turn.localPath })),
  ]);
  let failedBefore = false;
  const turns = turnRows.map((turn, i) => {
    const view = {
      position: turn.position,
      editId: turn.editId,
      prompt: turn.prompt,
      output: outputs[i] as ImageView,
      verdict: turn.verdict,
      overall: turn.overall,
      afterFailure: failedBefore,
    };
    failedBefore ||= turn.verdict === "FAIL";
    return view;
  });
  return { id: sequence.id, original: original as ImageView, turns };
}
