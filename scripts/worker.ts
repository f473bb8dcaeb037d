// npm run worker: runs export jobs and judge runs from the queue until stopped. npm start
// runs one beside the web server; a deployment may run more, on other machines, against the
// same database.
import { failureText } from "@/lib/cli/errors";
import { env, exportDir } from "@/lib/env";
import { startExportWorker } from "@/lib/export/queue";
import { startJudgeWorker } from "@/lib/judges/queue";
import { localStore } from "@/lib/export/storage";
import { openDatabase } from "@/lib/postgres/open";

async function main() {
  const database = await openDatabase();
  const stopExports = await startExportWorker(database.url, localStore(exportDir()));
  const stopJudges = await startJudgeWorker(database.url, env().JUDGE_API_KEY);
  console.log(`Worker (exports, judge runs): ${database.description}, export files in ${exportDir()}`);
  const stop = () => Promise.all([stopExports(), stopJudges()]);
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
