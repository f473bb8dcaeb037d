// The production web server that npm start runs: the built app served from WEB_WORKERS
// processes (node:cluster) sharing PORT. A process renders one page at a time, so on a
// machine of 2 cores two of them served 1.45 times the requests of next start's one
// (docs/performance.md). A worker that dies is replaced; one that dies before it ever
// served stops the server, since the next would die the same way.
//
// The gallery's two read routes, asked on every scroll and every change of its filter, the
// edit's, asked at every step through a view, and the review's writes (a verdict, a claim,
// an undo), sent at every verdict, are answered by their own route handlers called straight
// from the HTTP server: Next.js's request path around a handler (its
// routing, request and response adapters) took 2.8 ms of every API answer on a machine of 2
// cores, 1.9 before the handler and 0.9 after it, where an empty gallery page's own work, its
// session check included, is 0.8 ms (docs/performance.md, "Against DuckDB"). The handlers' modules are loaded here, outside Next.js's build, with
// "server-only" resolved as the build resolves it (server-only-hook.mjs); the state they
// share with the built app (database pool, change feed, gallery index) is kept on
// globalThis, one per process.
import cluster from "node:cluster";
import { createServer } from "node:http";
import { register } from "node:module";
import os from "node:os";

import next from "next";

import { withDirectRoutes } from "@/lib/api/direct-routes";
import { failureText } from "@/lib/cli/errors";
import { connectionBalancer, takeConnections } from "@/lib/server/balancer";
import { env } from "@/lib/env";

async function serveWorker() {
  const port = env().PORT;
  const app = next({ dev: false, dir: process.cwd(), port });
  await app.prepare();
  const handle = app.getRequestHandler();
  register("./server-only-hook.mjs", import.meta.url);
  const { warmUp } = await import("@/lib/data/warm-up");
  const server = createServer(
    withDirectRoutes(
      {
        "/api/edits": await import("@/app/api/edits/route"),
        "/api/edits/facets": await import("@/app/api/edits/facets/route"),
        "/api/edits/[id]": await import("@/app/api/edits/[id]/route"),
        "/api/reviews": await import("@/app/api/reviews/route"),
        "/api/reviews/claim": await import("@/app/api/reviews/claim/route"),
        "/api/reviews/[id]/undo": await import("@/app/api/reviews/[id]/undo/route"),
      },
      (request, response) => handle(request, response),
      { compress: env().COMPRESS },
    ),
  );
  // Its connections come from the primary (runPrimary), each to the process with the fewest,
  // once what its pages read from memory is loaded.
  await warmUp();
  takeConnections(server);
  process.send?.("serving");
  // Ctrl-C reaches every process of the group: each worker ends on its own.
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => process.exit(0));
}

// The young generation's semi-space of each web process, in MB (V8's default is 16). A page
// render allocates a few MB, and under bench:browse's 32 clients each process has about 16
// under way: with 16 MB a process scavenged 7 times a second, 20 ms each (13% of its time),
// promoting what the renders still held, so that its heap grew by about 100 MB every 10 s
// between full collections. With 64, 2.5 times a second, and the load's throughput went
// from 122 to 141 requests/s (docs/performance.md, "Session 15").
const SEMI_SPACE_MB = 64;

function runPrimary() {
  const workers = env().WEB_WORKERS ?? Math.min(4, os.availableParallelism());
  let stopping = false;
  const served = new Set<number>();
  const connections = connectionBalancer(env().PORT, (error) => {
    console.error(`Cannot serve on port ${env().PORT}: ${error.message}`);
    process.exit(1);
  });
  const fork = () => {
    const worker = cluster.fork();
    worker.on("message", (message) => {
      if (message === "closed") return void connections.closed(worker.id);
      if (message !== "serving") return;
      connections.serving(worker.id, worker);
      if (served.add(worker.id).size === workers && !stopping)
        console.log(`Serving on http://localhost:${env().PORT} from ${workers} processes`);
    });
  };
  cluster.on("exit", (worker, code, signal) => {
    connections.exited(worker.id);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!served.has(worker.id)) {
      console.error(`A web worker exited (${signal ?? `code ${code}`}) before it served: stopping.`);
      stopping = true;
      for (const other of Object.values(cluster.workers ?? {})) other?.kill();
      process.exitCode = 1;
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    console.error(`A web worker exited (${signal ?? `code ${code}`}): starting another.`);
    fork();
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.kill(signal);
    });
  }
  cluster.setupPrimary({ execArgv: [...process.execArgv, `--max-semi-space-size=${SEMI_SPACE_MB}`] });
  for (let i = 0; i < workers; i++) fork();
}

if (cluster.isPrimary) {
  runPrimary();
} else {
  serveWorker().catch((error) => {
    console.error(failureText(error));
    process.exit(1);
  });
}
