import { fork, type ChildProcess } from "node:child_process";
import http from "node:http";
import net from "node:net";
import path from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { connectionBalancer, type Balancer } from "./balancer";

// The balancer in front of real child processes (fixtures/pid-worker.ts), each answering
// with its pid, as scripts/serve.ts runs it in front of its web processes.

const children: ChildProcess[] = [];
let balancer: Balancer | undefined;
afterEach(async () => {
  for (const child of children.splice(0)) child.kill();
  await balancer?.close();
  balancer = undefined;
});

async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

// A balancer on a free port, closed after the test.
async function balanced(): Promise<{ port: number; into: Balancer }> {
  const port = await freePort();
  balancer = connectionBalancer(port, (error) => {
    throw error;
  });
  return { port, into: balancer };
}

// Forks a process and wires it to the balancer as serve.ts does a worker.
function start(into: Balancer, id: number): Promise<ChildProcess> {
  const child = fork(path.join(__dirname, "fixtures", "pid-worker.ts"), { execArgv: ["--import", "tsx"] });
  children.push(child);
  child.on("message", (message) => message === "closed" && into.closed(id));
  child.on("exit", () => into.exited(id));
  return new Promise((resolve) =>
    child.on("message", (message) => {
      if (message !== "serving") return;
      into.serving(id, child);
      resolve(child);
    }),
  );
}

const get = (port: number, agent: http.Agent) =>
  new Promise<string>((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, agent }, (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve(body));
      })
      .on("error", reject);
  });

describe("connectionBalancer", () => {
  it("spreads connections made at once evenly over the processes, each kept alive on its process", async () => {
    const { port, into } = await balanced();
    const [first, second] = await Promise.all([start(into, 1), start(into, 2)]);
    // 32 clients, a connection each, all connecting at once.
    const agents = Array.from({ length: 32 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const pids = await Promise.all(agents.map((agent) => get(port, agent)));
    const count = (pid?: number) => pids.filter((answer) => answer === String(pid)).length;
    expect([count(first?.pid), count(second?.pid)]).toEqual([16, 16]);
    // The next request of each client comes back on the same process.
    expect(await Promise.all(agents.map((agent) => get(port, agent)))).toEqual(pids);
    for (const agent of agents) agent.destroy();
  });

  it("hands a new connection to the process that holds the fewest once others close", async () => {
    const { port, into } = await balanced();
    const [first, second] = await Promise.all([start(into, 1), start(into, 2)]);
    const agents = Array.from({ length: 4 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const pids = await Promise.all(agents.map((agent) => get(port, agent)));
    // Close the connections held by the first process: the next two go to it.
    const closing = agents.filter((_, i) => pids[i] === String(first?.pid));
    expect(closing).toHaveLength(2);
    for (const agent of closing) agent.destroy();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const fresh = Array.from({ length: 2 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    expect(await Promise.all(fresh.map((agent) => get(port, agent)))).toEqual([String(first?.pid), String(first?.pid)]);
    expect(second?.pid).toBeDefined();
    for (const agent of [...agents, ...fresh]) agent.destroy();
  });

  it("holds a connection made while no process serves, and hands it to the next that does", async () => {
    const { port, into } = await balanced();
    const first = await start(into, 1);
    await new Promise((resolve) => first.once("exit", resolve).kill());
    const agent = new http.Agent({ keepAlive: true });
    const answer = get(port, agent);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const second = await start(into, 2);
    expect(await answer).toBe(String(second.pid));
    agent.destroy();
  });
});
