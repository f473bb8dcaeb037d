import pg from "pg";
import PgBoss from "pg-boss";

import { runExport, type ExportTarget } from "./jobs";
import type { ExportStore } from "./storage";

// Export jobs go through pg-boss (10.x, the last line for Node 20): a queue in the app's
// own PostgreSQL (schema pgboss), so a job survives a restart and any number of workers
// share the queue. The web app only sends; npm start's worker process (or npm run worker
// alone) runs them, one at a time per worker, since an export keeps a core busy.

export const EXPORT_QUEUE = "export";
// A worker killed mid-run leaves its job active; pg-boss hands it out again after this.
const EXPIRE_SECONDS = 15 * 60;

export async function openQueue(databaseUrl: string, { worker = false } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    max: 2,
    application_name: worker ? "pico-worker" : "pico-web-jobs",
    // Maintenance (expiring, archiving) runs in workers only.
    supervise: worker,
    schedule: false,
  });
  boss.on("error", (error) => console.error(`job queue: ${error.message}`));
  await boss.start();
  await boss.createQueue(EXPORT_QUEUE, { name: EXPORT_QUEUE, retryLimit: 2, expireInSeconds: EXPIRE_SECONDS });
  return boss;
}

export const enqueueExport = (boss: PgBoss, exportId: number) => boss.send(EXPORT_QUEUE, { exportId });

export const storeTarget = (store: ExportStore, id: number): ExportTarget => ({
  create: (name) => store.create(`${id}/${name}`),
  put: (name, data) => store.put(`${id}/${name}`, data),
  path: String(id),
});

export async function startExportWorker(databaseUrl: string, store: ExportStore): Promise<() => Promise<void>> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 3, application_name: "pico-worker" });
  pool.on("error", (error) => console.error(`worker connection ended: ${error.message}`));
  const boss = await openQueue(databaseUrl, { worker: true });
  await boss.work<{ exportId: number }>(EXPORT_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => {
    if (!job) return;
    const id = job.data.exportId;
    const started = performance.now();
    const result = await runExport(pool, databaseUrl, id, storeTarget(store, id));
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (result?.status === "DONE")
      console.log(`export ${id}: ${result.manifest.files[0]?.rows ?? 0} rows in ${seconds} s`);
    else if (result) console.log(`export ${id}: ${result.status.toLowerCase()} (${result.error})`);
  });
  return async () => {
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    await pool.end();
  };
}
