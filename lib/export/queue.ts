import pg from "pg";
import type PgBoss from "pg-boss";

import { EXPORT_QUEUE, openQueue } from "../jobs/queue";
import { runExport, type ExportTarget } from "./jobs";
import type { ExportStore } from "./storage";

// Export jobs on the app's queue (lib/jobs/queue.ts), one at a time per worker, since an
// export keeps a core busy.

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
