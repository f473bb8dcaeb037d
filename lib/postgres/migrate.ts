import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const require = createRequire(import.meta.url);

// Applies the committed migrations with Prisma's own `migrate deploy`, so the embedded
// database and a server get exactly the same schema by exactly the same path.
export async function migrateDatabase(url: string): Promise<{ applied: number }> {
  const cli = path.join(path.dirname(require.resolve("prisma/package.json")), "build", "index.js");
  try {
    const { stdout } = await run(process.execPath, [cli, "migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      maxBuffer: 16 * 1024 * 1024,
    });
    // Prisma lists each migration it applied as "└─ <timestamp>_<name>/".
    return { applied: stdout.match(/└─ \d{14}_/g)?.length ?? 0 };
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`Migrating the database failed:\n${`${stdout}\n${stderr}`.trim()}`);
  }
}
