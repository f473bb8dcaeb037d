import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { hashPassword } from "better-auth/crypto";
import pg from "pg";

import { RELEASE_JUDGE } from "../import/stage";
import { appendReviews } from "../curation/bulk";
import { writeNewTaskPairs } from "../curation/pairs";
import { allocateIds, copyRows } from "../postgres/copy";
import { instructionHash } from "../pico/task-key";
import type { DemoPlan } from "./plan";
import { renderScene } from "./render";
import { HEIGHT, WIDTH } from "./scene";

export const DEMO_JUDGE = "demo-judge";

// Draws the images of the plan under imageRoot, but for the missing ones, a few at a time
// (libvips threads too).
export async function renderImages(
  plan: DemoPlan,
  imageRoot: string,
  onProgress: (done: number) => void,
): Promise<void> {
  const entries = [...plan.images.entries()].filter(([uri]) => !plan.missing.has(uri));
  const folders = new Set(entries.map(([uri]) => path.dirname(path.join(imageRoot, uri))));
  await Promise.all([...folders].map((folder) => fs.mkdir(folder, { recursive: true })));
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [uri, scene] = entries[next++] as [string, (typeof entries)[number][1]];
      await fs.writeFile(path.join(imageRoot, uri), await renderScene(scene));
      onProgress(++done);
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, os.availableParallelism()) }, worker));
}

export type WriteSummary = {
  batchId: number;
  images: number;
  tasks: number;
  edits: number;
  pairs: number;
  sequences: number;
  reviews: number;
};

// Writes the plan in one transaction: a demo is either all there or not at all.
export async function writePlan(url: string, plan: DemoPlan, source: string): Promise<WriteSummary> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("BEGIN");
    const userIds = await allocateIds(client, "User", plan.users.length);
    await copyRows(
      client,
      "User",
      ["id", "email", "name", "role"],
      plan.users.map((u, i) => [userIds[i], u.email, u.name, u.role]),
    );
    // Each signs in with its password (a better-auth credential account, scrypt-hashed).
    const hashes = await Promise.all(plan.users.map((u) => hashPassword(u.password)));
    await copyRows(
      client,
      "Account",
      ["accountId", "providerId", "userId", "password", "updatedAt"],
      plan.users.map((_, i) => [String(userIds[i]), "credential", userIds[i], hashes[i], new Date().toISOString()]),
    );
    const userByEmail = new Map(plan.users.map((u, i) => [u.email, userIds[i]]));

    const edits = plan.tasks.flatMap((task) => task.edits.map((edit) => ({ task, edit })));
    const { rows } = await client.query<{ id: number }>(
      `INSERT INTO "ImportBatch" ("kind", "source", "status", "linesRead", "recordsNew", "createdById", "finishedAt") VALUES ('DEMO', $1, 'DONE', $2, $2, $3, now()) RETURNING "id"`,
      [source, plan.tasks.length, userByEmail.get("admin@demo.local")],
    );
    const batchId = (rows[0] as { id: number }).id;

    const uris = [...plan.images.keys()];
    const imageIds = await allocateIds(client, "Image", uris.length);
    const imageId = new Map(uris.map((uri, i) => [uri, imageIds[i]]));
    await copyRows(
      client,
      "Image",
      ["id", "uri", "width", "height", "status"],
      uris.map((uri, i) =>
        plan.missing.has(uri) ? [imageIds[i], uri, null, null, "NOT_CHECKED"] : [imageIds[i], uri, WIDTH, HEIGHT, "OK"],
      ),
    );

    const typeIds = new Map(
      (await client.query<{ id: number; name: string }>(`SELECT "id", "name" FROM "EditType"`)).rows.map((r) => [
        r.name,
        r.id,
      ]),
    );
    const taskIds = await allocateIds(client, "Task", plan.tasks.length);
    const taskId = new Map(plan.tasks.map((task, i) => [task.key, taskIds[i] as number]));
    await copyRows(
      client,
      "Task",
      ["id", "sourceImageId", "longInstruction", "shortInstruction", "instructionHash", "editTypeId"],
      plan.tasks.map((task) => [
        taskId.get(task.key),
        imageId.get(task.source),
        task.long,
        task.short,
        instructionHash(task.long),
        typeIds.get(task.editType),
      ]),
    );

    const editIds = await allocateIds(client, "Edit", edits.length);
    const editId = new Map(edits.map(({ edit }, i) => [edit.key, editIds[i] as number]));
    // A turn without a verdict has no judgement; every other edit has one, its current.
    const judged = edits.flatMap(({ edit }) => (edit.judgeVerdict === null ? [] : [edit]));
    const judgementIds = await allocateIds(client, "Judgement", judged.length);
    const judgementId = new Map(judged.map((edit, i) => [edit.key, judgementIds[i] as number]));
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
        "editTypeId",
        "judgeVerdict",
        "overall",
        "compliance",
        "realism",
        "preservation",
        "technical",
        "humanVerdict",
        "effectiveVerdict",
        "judgementId",
      ],
      edits.map(({ task, edit }) => [
        editId.get(edit.key),
        taskId.get(task.key),
        imageId.get(edit.output),
        edit.attempt,
        edit.origin,
        batchId,
        typeIds.get(task.editType),
        edit.judgeVerdict,
        edit.overall,
        edit.scores?.compliance,
        edit.scores?.realism,
        edit.scores?.preservation,
        edit.scores?.technical,
        null,
        edit.judgeVerdict,
        judgementId.get(edit.key) ?? null,
      ]),
    );
    await copyRows(
      client,
      "Judgement",
      ["id", "editId", "judge", "compliance", "realism", "preservation", "technical", "overall", "passed", "rationale"],
      // A scored edit is the demo judge's; an unscored one the release's verdict without
      // criteria.
      judged.map((edit) => [
        judgementId.get(edit.key),
        editId.get(edit.key),
        edit.scores ? DEMO_JUDGE : RELEASE_JUDGE,
        edit.scores?.compliance,
        edit.scores?.realism,
        edit.scores?.preservation,
        edit.scores?.technical,
        edit.overall,
        edit.judgeVerdict === "PASS",
        edit.rationale,
      ]),
    );
    // Pairs as the judge's verdicts make them, then the planned reviews through the same
    // writer as an annotator's, which derives the pairs again and logs what they change.
    await writeNewTaskPairs(
      client,
      new Map(
        plan.tasks.map((task) => [
          taskId.get(task.key) as number,
          task.edits.map((edit) => ({
            id: editId.get(edit.key) as number,
            effectiveVerdict: edit.judgeVerdict,
            humanVerdict: null,
          })),
        ]),
      ),
      batchId,
    );
    await appendReviews(
      client,
      plan.reviews.map((r) => ({
        editId: editId.get(r.editKey) as number,
        reviewerId: userByEmail.get(r.reviewer) as number,
        verdict: r.verdict,
        note: r.note,
      })),
    );
    const { rows: pairs } = await client.query<{ count: number }>(
      `SELECT count(*)::int AS count FROM "PreferencePair"`,
    );

    const sequenceIds = await allocateIds(client, "Sequence", plan.sequences.length);
    await copyRows(
      client,
      "Sequence",
      ["id", "key", "originalImageId", "importBatchId"],
      plan.sequences.map((s, i) => [
        sequenceIds[i],
        instructionHash(`demo:${s.original}`),
        imageId.get(s.original),
        batchId,
      ]),
    );
    await copyRows(
      client,
      "SequenceTurn",
      ["sequenceId", "position", "editId"],
      plan.sequences.flatMap((s, i) =>
        s.taskKeys.map((key, turn) => [sequenceIds[i], turn + 1, editId.get(plan.tasks[key - 1]?.edits[0]?.key ?? -1)]),
      ),
    );
    await client.query("COMMIT");
    return {
      batchId,
      images: uris.length,
      tasks: plan.tasks.length,
      edits: edits.length,
      pairs: pairs[0]?.count ?? 0,
      sequences: plan.sequences.length,
      reviews: plan.reviews.length,
    };
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
