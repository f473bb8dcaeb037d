import PgBoss from "pg-boss";

// The app's job queue: pg-boss (10.x, the last line for Node 20), in the app's own
// PostgreSQL (schema pgboss), so a job survives a restart and any number of workers share
// the queue. The web app only sends; npm start's worker process (or npm run worker alone)
// runs them.

export const EXPORT_QUEUE = "export";
export const JUDGE_QUEUE = "judge";
export const ACTIVATION_QUEUE = "judge-activation";
// A worker killed mid-run leaves its job active; pg-boss hands it out again after this.
const EXPIRE_SECONDS = 15 * 60;
// A judge run of the whole release takes hours; a killed one is resumed by its heartbeat
// (lib/judges/run.ts) rather than by expiry. pg-boss 10 refuses an expiry of 24 hours or
// more (createQueue threw, and with it every openQueue).
const JUDGE_EXPIRE_SECONDS = 23 * 60 * 60;

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
  await boss.createQueue(JUDGE_QUEUE, { name: JUDGE_QUEUE, retryLimit: 2, expireInSeconds: JUDGE_EXPIRE_SECONDS });
  await boss.createQueue(ACTIVATION_QUEUE, { name: ACTIVATION_QUEUE, retryLimit: 2, expireInSeconds: EXPIRE_SECONDS });
  return boss;
}
