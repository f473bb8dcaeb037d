import pg from "pg";
import type PgBoss from "pg-boss";

import { ACTIVATION_QUEUE, JUDGE_QUEUE, openQueue } from "../jobs/queue";
import { runActivation } from "./activation";
import { runJudge } from "./run";

// Judge runs on the app's queue (lib/jobs/queue.ts): a worker runs one at a time, which
// keeps the run's own limits (requests at once, per minute) the endpoint's whole load. A
// new active judge is applied beside them, on a queue of its own, so that it never waits
// for a run of hours.

export const enqueueJudgeRun = (boss: PgBoss, runId: number) => boss.send(JUDGE_QUEUE, { runId });
export const enqueueActivation = (boss: PgBoss, activationId: number) => boss.send(ACTIVATION_QUEUE, { activationId });

export async function startJudgeWorker(databaseUrl: string, apiKey: string | undefined): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4, application_name: "pico-judge-worker" });
  pool.on("error", (error) => console.error(`judge worker connection ended: ${error.message}`));
  const boss = await openQueue(databaseUrl, { worker: true });
  const stopping = new AbortController();
  await boss.work<{ runId: number }>(JUDGE_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const id = job.data.runId;
    const result = await runJudge(pool, id, { apiKey, signal: stopping.signal, stopAs: "QUEUED" });
    // Stopped with the worker: failing the job has pg-boss hand it to the next worker.
    if (result?.status === "QUEUED") throw new Error(`judge run ${id}: the worker stopped; it resumes on the next one`);
    if (result)
      console.log(
        `judge run ${id}: ${result.status.toLowerCase()}, ${result.judged} judged, ${result.failed} failed` +
          (result.error ? ` (${result.error})` : ""),
      );
  });
  await boss.work<{ activationId: number }>(ACTIVATION_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (job && (await runActivation(pool, job.data.activationId)))
      console.log(`judge activation ${job.data.activationId}: done`);
  });
  return async () => {
    stopping.abort();
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    await pool.end();
  };
}
