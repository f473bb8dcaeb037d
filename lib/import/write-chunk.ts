import type pg from "pg";

import { allocateIds, copyRows } from "../postgres/copy";
import { verdictOf, writeReleaseJudgements } from "../curation/judgements";
import { lockTasks, syncPairs, writeNewTaskPairs } from "../curation/pairs";
import type { PairInput } from "../curation/preference-pairs";
import { RELEASE_JUDGE, type StageRow } from "./stage";

// Writes one chunk of staged rows. For each table in turn (images, tasks, edits,
// sequences) it looks up which keys exist already with one indexed query, takes ids for
// the missing ones from the table's sequence, and writes them with one COPY. Rows then
// reference each other by ids known here, so no write has to join on text keys.
// Everything existing is skipped, so a chunk written twice (a re-run, or a run after a
// crash) adds nothing the second time. The caller holds the transaction and the import
// lock: two importers must not decide at once that the same key is missing.

export type ChunkResult = { newLines: Set<number> };

async function editTypeIds(client: pg.ClientBase): Promise<Map<string, number>> {
  const { rows } = await client.query<{ id: number; name: string }>(`SELECT "id", "name" FROM "EditType"`);
  return new Map(rows.map((row) => [row.name, row.id]));
}

// Ids of the given URIs, inserting the images that are new.
async function ensureImages(client: pg.ClientBase, uris: string[]): Promise<Map<string, number>> {
  const images = await assignIds(client, "Image", uris, async () => {
    const { rows } = await client.query<{ id: number; uri: string }>(
      `SELECT "id", "uri" FROM "Image" WHERE "uri" = ANY($1::text[])`,
      [uris],
    );
    return rows.map((row) => [row.uri, row.id]);
  });
  await copyRows(
    client,
    "Image",
    ["id", "uri"],
    images.created.map((i) => [images.idOf[i], uris[i]]),
  );
  return new Map(uris.map((uri, i) => [uri, images.idOf[i] as number]));
}

// Gives every row the id of its key: the table's id where the key exists (found by
// `existing`, asked about the first row of each key), else a new id from its sequence.
// created: the first rows of the keys that got new ids, and createdIds those ids.
async function assignIds<K>(
  client: pg.ClientBase,
  table: string,
  keys: K[],
  existing: (firstRows: number[]) => Promise<[K, number][]>,
) {
  const firstRows = firstIndexByKey(keys);
  const ids = new Map(await existing(firstRows));
  const created = firstRows.filter((i) => !ids.has(keys[i] as K));
  const createdIds = await allocateIds(client, table, created.length);
  created.forEach((i, n) => ids.set(keys[i] as K, createdIds[n] as number));
  return { idOf: keys.map((key) => ids.get(key) as number), created, createdIds };
}

export async function writeChunk(client: pg.ClientBase, rows: StageRow[], batchId: number): Promise<ChunkResult> {
  const types = await editTypeIds(client);
  const typeOf = (r: StageRow) => (r.editType === null ? null : types.get(r.editType));
  const imageIds = await ensureImages(client, [...new Set(rows.flatMap((r) => [r.sourceUri, r.outputUri]))]);
  // Ids resolved per row, in arrays beside the rows.
  const sourceId = rows.map((r) => imageIds.get(r.sourceUri) as number);
  const outputId = rows.map((r) => imageIds.get(r.outputUri) as number);

  const locals = new Map<number, string>();
  rows.forEach((r, i) => r.sourceLocal !== null && locals.set(sourceId[i] as number, r.sourceLocal));
  if (locals.size > 0) {
    await client.query(
      `UPDATE "Image" AS i SET "localPath" = l.path FROM unnest($1::int[], $2::text[]) AS l(id, path)
       WHERE i."id" = l.id AND i."localPath" IS DISTINCT FROM l.path`,
      [[...locals.keys()], [...locals.values()]],
    );
  }

  // Tasks, keyed by source image and instruction hash; the first row of a task gives its fields.
  const tasks = await assignIds(
    client,
    "Task",
    rows.map((r, i) => `${sourceId[i]}:${r.taskHash}`),
    async (first) => {
      const { rows: found } = await client.query<{ id: number; source: number; hash: string }>(
        `SELECT t."id", t."sourceImageId" AS source, t."instructionHash" AS hash
       FROM "Task" t JOIN unnest($1::int[], $2::text[]) AS k(source, hash) ON t."sourceImageId" = k.source AND t."instructionHash" = k.hash`,
        [first.map((i) => sourceId[i]), first.map((i) => rows[i]?.taskHash)],
      );
      return found.map((t) => [`${t.source}:${t.hash}`, t.id]);
    },
  );
  const taskId = tasks.idOf;
  await copyRows(
    client,
    "Task",
    ["id", "sourceImageId", "longInstruction", "shortInstruction", "instructionHash", "editTypeId"],
    tasks.created.map((i) => {
      const r = rows[i] as StageRow;
      return [taskId[i], sourceId[i], r.long, r.short, r.taskHash, typeOf(r)];
    }),
  );

  // Edits, keyed by task and output image; the first row of an edit wins. The key is a
  // number: task ids stay below 2^28 and image ids below 2^25.
  const edits = await assignIds(
    client,
    "Edit",
    rows.map((_, i) => (taskId[i] as number) * 2 ** 25 + (outputId[i] as number)),
    async (first) => {
      const { rows: found } = await client.query<{ id: number; task: number; output: number }>(
        `SELECT e."id", e."taskId" AS task, e."outputImageId" AS output
       FROM "Edit" e JOIN unnest($1::int[], $2::int[]) AS k(task, output) ON e."taskId" = k.task AND e."outputImageId" = k.output`,
        [first.map((i) => taskId[i]), first.map((i) => outputId[i])],
      );
      return found.map((e) => [e.task * 2 ** 25 + e.output, e.id]);
    },
  );
  const editId = edits.idOf;
  const newEditRows = edits.created;
  // The release's verdict of each new edit is its first judgement; its id goes into the
  // edit's row, so that the edit names its current judgement from the start.
  const judged = newEditRows.filter((i) => (rows[i]?.passed ?? null) !== null);
  const judgementIds = await allocateIds(client, "Judgement", judged.length);
  const judgementOf = new Map(judged.map((i, n) => [i, judgementIds[n] as number]));
  await copyRows(
    client,
    "Edit",
    [
      "id",
      "taskId",
      "outputImageId",
      "attempt",
      "origin",
      "importBatchId",
      "sourceLine",
      "editTypeId",
      "judgeVerdict",
      "effectiveVerdict",
      "judgementId",
    ],
    newEditRows.map((i) => {
      const r = rows[i] as StageRow;
      return [
        editId[i],
        taskId[i],
        outputId[i],
        r.attempt,
        r.origin,
        batchId,
        r.line,
        typeOf(r),
        verdictOf(r.passed),
        verdictOf(r.passed),
        judgementOf.get(i) ?? null,
      ];
    }),
  );
  await writeReleaseJudgements(
    client,
    RELEASE_JUDGE,
    judged.map((i) => ({
      id: judgementOf.get(i) as number,
      editId: editId[i] as number,
      passed: rows[i]?.passed as boolean,
    })),
  );

  // Only tasks that gained an edit can gain a pair. A task made in this chunk has all its
  // edits here, so its pairs follow from them; an older one asks the database.
  const createdTasks = new Set(tasks.createdIds);
  const editsOfNewTasks = new Map<number, PairInput[]>();
  const olderTasks = new Set<number>();
  for (const i of newEditRows) {
    const task = taskId[i] as number;
    if (!createdTasks.has(task)) olderTasks.add(task);
    else
      editsOfNewTasks.set(task, [
        ...(editsOfNewTasks.get(task) ?? []),
        { id: editId[i] as number, effectiveVerdict: verdictOf(rows[i]?.passed ?? null), humanVerdict: null },
      ]);
  }
  await writeNewTaskPairs(client, editsOfNewTasks, batchId);
  await lockTasks(client, [...olderTasks]);
  await syncPairs(client, [...olderTasks], { importBatchId: batchId });

  const turns = rows.flatMap((r, i) => (r.sequenceKey === null ? [] : [i]));
  await writeSequences(
    client,
    turns.map((i) => ({
      row: rows[i] as StageRow,
      editId: editId[i] as number,
      originalId: imageIds.get(rows[i]?.sequenceOriginal as string) as number,
    })),
    batchId,
  );
  return { newLines: new Set(newEditRows.map((i) => rows[i]?.line as number)) };
}

// Index of the first row of each distinct key, in row order.
function firstIndexByKey<K>(keys: K[]): number[] {
  const seen = new Set<K>();
  const first: number[] = [];
  keys.forEach((key, index) => {
    if (seen.has(key)) return;
    seen.add(key);
    first.push(index);
  });
  return first;
}

async function writeSequences(
  client: pg.ClientBase,
  turns: { row: StageRow; editId: number; originalId: number }[],
  batchId: number,
) {
  if (turns.length === 0) return;
  const firstTurns = turns.filter((turn) => turn.row.turn === 1);
  const { rows: existing } = await client.query<{ key: string }>(
    `SELECT "key" FROM "Sequence" WHERE "key" = ANY($1::text[])`,
    [firstTurns.map((turn) => turn.row.sequenceKey)],
  );
  // A sequence is new once, however many lines of the chunk repeat its record: the first
  // of them writes it.
  const known = new Set(existing.map((row) => row.key));
  const firstLine = new Map<string, number>();
  for (const turn of firstTurns) {
    const key = turn.row.sequenceKey as string;
    if (!known.has(key) && !firstLine.has(key)) firstLine.set(key, turn.row.line);
  }
  const fresh = firstTurns.filter((turn) => firstLine.get(turn.row.sequenceKey as string) === turn.row.line);
  const ids = await allocateIds(client, "Sequence", fresh.length);
  const sequenceIds = new Map(fresh.map((turn, index) => [turn.row.sequenceKey as string, ids[index] as number]));
  await copyRows(
    client,
    "Sequence",
    ["id", "key", "originalImageId", "importBatchId", "sourceLine"],
    fresh.map((turn) => [
      sequenceIds.get(turn.row.sequenceKey as string),
      turn.row.sequenceKey,
      turn.originalId,
      batchId,
      turn.row.line,
    ]),
  );
  // A sequence and its turns are written together, so an existing sequence has its turns.
  const newTurns = turns.filter((turn) => firstLine.get(turn.row.sequenceKey as string) === turn.row.line);
  await copyRows(
    client,
    "SequenceTurn",
    ["sequenceId", "position", "editId"],
    newTurns.map((turn) => [sequenceIds.get(turn.row.sequenceKey as string), turn.row.turn, turn.editId]),
  );
}
