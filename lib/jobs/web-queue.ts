import "server-only";

import type PgBoss from "pg-boss";

import { appDatabaseUrl } from "../db";
import { openQueue } from "./queue";

// The web process's handle on the job queue: opened on first send, kept on globalThis so
// that dev-server reloads reuse it, and opened again after a failure.
const globalForJobs = globalThis as unknown as { jobQueue?: Promise<PgBoss> };

export function webQueue(): Promise<PgBoss> {
  globalForJobs.jobQueue ??= openQueue(appDatabaseUrl()).catch((error) => {
    globalForJobs.jobQueue = undefined;
    throw error;
  });
  return globalForJobs.jobQueue;
}
