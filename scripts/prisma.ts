// npm run db:migrate / db:deploy (or: tsx scripts/prisma.ts <prisma arguments>): Prisma's CLI
// on the app's database, DATABASE_URL's or the embedded one, which is started for the command
// when no other process is serving it.
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";

import { failureText } from "@/lib/cli/errors";
import { openDatabase } from "@/lib/postgres/open";

async function main() {
  const database = await openDatabase({ migrate: false });
  try {
    const cli = path.join(
      path.dirname(createRequire(import.meta.url).resolve("prisma/package.json")),
      "build",
      "index.js",
    );
    const result = spawnSync(process.execPath, [cli, ...process.argv.slice(2)], {
      stdio: "inherit",
      env: { ...process.env, DATABASE_URL: database.url },
    });
    process.exitCode = result.status ?? 1;
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(failureText(error));
  process.exit(1);
});
