// npm start [-- --dev] [-- --no-demo]: the app with its database, in one command.
//
// Without DATABASE_URL it runs the embedded PostgreSQL (data in .data/postgres) as a child
// of this process, and stops it when the app stops; with it, it uses that server. Either way it applies the migrations,
// fills an empty database with the demo dataset, builds the app when the build is
// missing or older than the sources, and runs Next.js and the export worker until stopped.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { failureText } from "@/lib/cli/errors";
import { countTasks } from "@/lib/postgres/reset";
import { openDatabase } from "@/lib/postgres/open";
import { DEFAULT_DEMO, seedDemo } from "@/lib/demo/seed";
import { env, imageRoot } from "@/lib/env";
import { authSecret } from "@/lib/auth/secret";

const SOURCES = [
  "app",
  "components",
  "lib",
  "public",
  "prisma",
  "next.config.ts",
  "proxy.ts",
  "package.json",
  "postcss.config.mjs",
];

function newestSourceTime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  if (entry === path.join("lib", "generated")) return 0;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(entry).map((name) => newestSourceTime(path.join(entry, name))));
}

function buildIfStale() {
  const buildId = fs.statSync(path.join(".next", "BUILD_ID"), { throwIfNoEntry: false });
  if (buildId && buildId.mtimeMs >= Math.max(...SOURCES.map(newestSourceTime))) return;
  console.log(
    buildId ? "Sources changed since the last build: building the app..." : "Building the app (first start)...",
  );
  const build = spawnSync(process.execPath, [nextBin(), "build"], {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("next build failed (its output is above)");
}

const nextBin = () => path.join("node_modules", "next", "dist", "bin", "next");

async function main() {
  const { values } = parseArgs({ options: { dev: { type: "boolean" }, "no-demo": { type: "boolean" } }, strict: true });
  // Before the database: with DATABASE_URL and no BETTER_AUTH_SECRET, stop here with one line.
  const secret = authSecret();
  const database = await openDatabase();
  console.log(`Database: ${database.description}`);
  if (!values["no-demo"] && (await countTasks(database.url)) === 0) {
    console.log(
      `The database is empty: adding the demo dataset (${DEFAULT_DEMO.tasks} tasks; npm start -- --no-demo skips this).`,
    );
    const summary = await seedDemo(database.url, imageRoot(), DEFAULT_DEMO);
    console.log(`Demo data: ${summary.tasks} tasks, ${summary.edits} edits, ${summary.sequences} sequences.`);
  }
  if (!values.dev) buildIfStale();

  const command = values.dev
    ? [nextBin(), "dev", "-p", String(env().PORT)]
    : [...process.execArgv, path.join("scripts", "serve.ts")];
  const childEnv = {
    ...process.env,
    DATABASE_URL: database.url,
    BETTER_AUTH_SECRET: secret,
    IMAGE_ROOT: imageRoot(),
    NEXT_TELEMETRY_DISABLED: "1",
  };
  const child = spawn(process.execPath, command, { stdio: "inherit", env: childEnv });
  // The export worker runs beside the web server (npm run worker runs it alone).
  const worker = spawn(process.execPath, [...process.execArgv, path.join("scripts", "worker.ts")], {
    stdio: "inherit",
    env: childEnv,
  });
  const stop = (signal: NodeJS.Signals) => {
    child.kill(signal);
    worker.kill(signal);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const exited = (process: ReturnType<typeof spawn>) =>
    new Promise<number | null>((resolve) => process.on("exit", (code, signal) => resolve(code ?? (signal ? 0 : 1))));
  const [webCode] = await Promise.all([
    exited(child).then((code) => {
      worker.kill("SIGTERM");
      return code;
    }),
    exited(worker).then((code) => {
      if (code !== 0) console.error(`The export worker exited (code ${code}); exports wait until it runs again.`);
      return code;
    }),
  ]);
  await database.close();
  process.exit(webCode ?? 1);
}

main().catch((error) => {
  console.error(failureText(error));
  process.exit(1);
});
