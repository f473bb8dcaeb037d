import fs from "node:fs";
import path from "node:path";

// Where the embedded PostgreSQL of a data folder is listening, read from the postmaster.pid
// file the server writes into its data folder (line 1 its pid, line 4 its port), so that a
// second process (the CLI beside `npm start`, Prisma's CLI, the e2e tests) reaches the server
// that the first one started. No imports of the project: prisma.config.ts loads this file.

export const embeddedDataFolder = (dataDir: string) => path.join(dataDir, "postgres");

export type RunningServer = { pid: number; port: number; url: string };

export function readRunningServer(dataDir: string): RunningServer | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(embeddedDataFolder(dataDir), "postmaster.pid"), "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0 || !isAlive(pid)) return undefined;
  return { pid, port, url: `postgresql://postgres@127.0.0.1:${port}/postgres` };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the postgres user, when run as root).
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
