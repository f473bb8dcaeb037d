import { execFile } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { promisify } from "node:util";

import { withClient } from "../postgres/connection";
import { migrateDatabase } from "../postgres/migrate";

// What the benchmarks (scripts/bench-*.ts) share: fresh databases, the synthetic
// full-size files, percentiles.

const run = promisify(execFile);
export const MANIFEST_FILES = ["sft.jsonl", "preference.jsonl", "multi-turn.jsonl", "scores.jsonl"] as const;

// A new, migrated database on the server (dropped first if a run before left it).
export async function freshDatabase(server: string, name: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = new URL(server);
  admin.pathname = "/postgres";
  await withClient(admin.toString(), async (client) => {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  });
  const url = databaseOn(server, name);
  await migrateDatabase(url);
  return {
    url,
    drop: () =>
      withClient(admin.toString(), (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}

export function databaseOn(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

// Starts each timed phase from a clean slate: dirty pages of the previous phase flushed.
export const checkpoint = (url: string) =>
  withClient(url, (client) => client.query("CHECKPOINT")).catch(() => undefined);

// The full-size synthetic files (npm run gen:manifests) in dir, written when missing.
export async function ensureManifests(dir: string) {
  if (MANIFEST_FILES.every((file) => fs.existsSync(path.join(dir, file)))) return;
  process.stderr.write(`Writing the full-size manifests into ${dir} ...\n`);
  await run(path.resolve("node_modules/.bin/tsx"), ["scripts/gen-manifests.ts", "--out", dir], { maxBuffer: 1 << 20 });
}

// The p-th percentile (0-100) of the samples, nearest rank.
export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export type Request = { view: string; url: string };
export type LoadResult = {
  samples: Map<string, number[]>;
  errors: Map<string, string[]>;
  timeouts: Map<string, number>;
  requests: number;
  seconds: number;
  // The requests sent before the timed seconds began, and their answers' times.
  warmUp: { seconds: number; requests: number; samples: number[] };
};

// One GET through node:http on a kept-alive connection, its body read as text or (read:
// false) dropped. A lighter client than fetch, whose own time would count in every
// figure and which matters when the client shares the server's cores. Rejects after
// timeoutMs.
const keptAlive = new http.Agent({ keepAlive: true });

export function httpGet(
  url: string,
  {
    agent = keptAlive,
    timeoutMs = 10_000,
    read = true,
    headers = {},
  }: { agent?: http.Agent; timeoutMs?: number; read?: boolean; headers?: http.OutgoingHttpHeaders } = {},
): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, timeout: timeoutMs, headers }, (response) => {
      const chunks: Buffer[] = [];
      if (read) response.on("data", (chunk: Buffer) => chunks.push(chunk));
      else response.resume();
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          text: Buffer.concat(chunks).toString(),
          headers: response.headers,
        }),
      );
      response.on("error", reject);
    });
    request.on("timeout", () => request.destroy(Object.assign(new Error("timed out"), { name: "TimeoutError" })));
    request.on("error", reject);
  });
}

// One POST of a JSON body through node:http, as httpGet: its status and body text.
export function httpPost(
  url: string,
  body: unknown,
  {
    agent = keptAlive,
    timeoutMs = 10_000,
    headers = {},
  }: { agent?: http.Agent; timeoutMs?: number; headers?: http.OutgoingHttpHeaders } = {},
): Promise<{ status: number; text: string }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        agent,
        timeout: timeoutMs,
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        response.on("error", reject);
      },
    );
    request.on("timeout", () => request.destroy(Object.assign(new Error("timed out"), { name: "TimeoutError" })));
    request.on("error", reject);
    request.end(payload);
  });
}

// The Cookie header that sends back the cookies a response set (a sign-in's session).
export const cookieHeaderOf = (response: Response): string =>
  response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");

// Closes the kept-alive connections of httpGet's default agent, so that a script can end.
export const closeHttpGets = () => keptAlive.destroy();

// clients requests at once for seconds: each client sends next()'s request as soon as its
// previous one is answered (a closed loop, as people clicking are), on a kept-alive
// connection of its own. A response that is not 2xx is an error, one that takes over
// timeoutMs a timeout; both are kept per view. The times of the first warmUpSeconds'
// answers are kept apart (their errors and timeouts are not): a process's code is not yet
// compiled for what it serves, and the first seconds after a start say how soon it is,
// not how it serves.
export async function loadTest(options: {
  clients: number;
  seconds: number;
  warmUpSeconds?: number;
  next: () => Request;
  timeoutMs?: number;
  // Sent with every request: the session cookie of a signed-in user, say.
  headers?: http.OutgoingHttpHeaders;
}): Promise<LoadResult> {
  const result: LoadResult = {
    samples: new Map(),
    errors: new Map(),
    timeouts: new Map(),
    requests: 0,
    seconds: options.seconds,
    warmUp: { seconds: options.warmUpSeconds ?? 0, requests: 0, samples: [] },
  };
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key) ?? [];
    list.push(value);
    map.set(key, list);
  };
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients });
  const warm = performance.now() + result.warmUp.seconds * 1000;
  const deadline = warm + options.seconds * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const request = options.next();
      const started = performance.now();
      try {
        const { status } = await httpGet(request.url, {
          agent,
          timeoutMs: options.timeoutMs,
          read: false,
          headers: options.headers,
        });
        if (status < 200 || status > 299) push(result.errors, request.view, `${status} ${request.url}`);
        else if (started < warm) result.warmUp.samples.push(performance.now() - started);
        else push(result.samples, request.view, performance.now() - started);
      } catch (error) {
        if ((error as Error).name === "TimeoutError")
          result.timeouts.set(request.view, (result.timeouts.get(request.view) ?? 0) + 1);
        else push(result.errors, request.view, `${(error as Error).message} ${request.url}`);
      }
      if (started < warm) result.warmUp.requests++;
      else result.requests++;
    }
  };
  await Promise.all(Array.from({ length: options.clients }, client));
  agent.destroy();
  return result;
}
