// npm run worker: runs export jobs from the queue until stopped. npm start runs one beside
// the web server; a deployment may run more, on other machines, against the same database.
import { failureText } from "@/lib/cli/errors";
import { exportDir } from "@/lib/env";
import { startExportWorker } from "@/lib/export/queue";
import { localStore } from "@/lib/export/storage";
import { openDatabase } from "@/lib/postgres/open";

async function main() {
  const database = await openDatabase();
  const stop = await startExportWorker(database.url, localStore(exportDir()));
  console.log(`Export worker: ${database.description}, files in ${exportDir()}`);
  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await stop();
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(failureText(error));
  process.exit(1);
});
