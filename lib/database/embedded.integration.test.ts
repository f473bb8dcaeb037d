import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import net from "node:net";

import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";

// The embedded database is one PostgreSQL session shared by every connection. These
// tests hold it to what a server promises each connection: its own extended-protocol
// exchanges, its own transaction, and nothing left behind by a client that went away.

let embedded: EmbeddedPostgres;
let dataDir: string;

// On disk, as the app runs it: writing to the data folder lets other sockets' messages
// in between two messages of one exchange.
beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "pico-embedded-"));
  embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
});

afterAll(async () => {
  await embedded?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function connect(url = embedded.url): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

// A proxy that passes a client's messages on one at a time, a few milliseconds apart,
// as a busy network or machine may: other connections' messages get in between.
async function slowProxy(): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(embedded.url);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    sockets.add(client).add(upstream);
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    let started = false;
    let sending = Promise.resolve();
    client.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        // The startup message has no type byte; every later one does.
        const length = started ? (pending.length >= 5 ? 1 + pending.readInt32BE(1) : Infinity) : pending.length >= 4 ? pending.readInt32BE(0) : Infinity;
        if (pending.length < length) break;
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        started = true;
        sending = sending.then(() => new Promise((resolve) => setTimeout(() => upstream.write(message, () => resolve()), 2)));
      }
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = new URL(embedded.url);
  url.port = String((server.address() as net.AddressInfo).port);
  return {
    url: url.toString(),
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

describe("embedded database", () => {
  it("keeps concurrent parameterized queries from different connections apart", async () => {
    const proxy = await slowProxy();
    const clients = await Promise.all([connect(proxy.url), connect(proxy.url), connect(proxy.url)]);
    try {
      // Each connection's statements take a different number of parameters: a Parse of
      // one slipping between another's Parse and Bind fails or returns the wrong row.
      const runs = clients.map(async (client, c) => {
        const correct: boolean[] = [];
        for (let i = 0; i < 20; i++) {
          const params = Array.from({ length: c + 1 }, (_, p) => i * 10 + p);
          const sql = `SELECT ${params.map((_, p) => `$${p + 1}::int`).join(" + ")} AS sum`;
          const { rows } = await client.query<{ sum: number }>(sql, params);
          correct.push(rows[0]?.sum === params.reduce((a, b) => a + b, 0));
        }
        return correct;
      });
      const results = (await Promise.all(runs)).flat();
      expect(results).toHaveLength(60);
      expect(results.every(Boolean)).toBe(true);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
      await proxy.close();
    }
  });

  it("runs another connection's statements outside an open transaction, not inside it", async () => {
    const [writer, reader] = await Promise.all([connect(), connect()]);
    try {
      await writer.query("CREATE TABLE kept (n int)");
      await writer.query("BEGIN");
      await writer.query("INSERT INTO kept VALUES (1)");
      // The reader waits for the transaction to end, then sees only what it committed.
      const read = reader.query<{ n: string }>("SELECT count(*) AS n FROM kept");
      await writer.query("ROLLBACK");
      expect((await read).rows[0]?.n).toBe("0");
    } finally {
      await Promise.all([writer.end(), reader.end()]);
    }
  });

  it("rolls back the transaction of a connection that went away, and serves the next", async () => {
    const setup = await connect();
    await setup.query("CREATE TABLE abandoned (n int)");
    await setup.end();

    const leaver = await connect();
    leaver.on("error", () => {});
    await leaver.query("BEGIN");
    await leaver.query("INSERT INTO abandoned VALUES (1)");
    leaver.connection.stream.destroy();

    const next = await connect();
    try {
      const { rows } = await next.query<{ n: string; open: boolean }>("SELECT count(*) AS n, now() <> statement_timestamp() AS open FROM abandoned");
      expect(rows[0]).toEqual({ n: "0", open: false });
    } finally {
      await next.end();
    }
  });

  it("refuses a connection over the limit with PostgreSQL's error, and serves the rest", async () => {
    const clients = await Promise.all(Array.from({ length: 20 }, () => connect()));
    try {
      await expect(connect()).rejects.toMatchObject({ code: "53300", message: expect.stringMatching(/too many connections/) });
      expect((await clients[0]!.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
  });

  it("hangs up on a client that does not speak the protocol, and serves the rest", async () => {
    const { port } = new URL(embedded.url);
    for (const garbage of [Buffer.from([0, 0, 0, 2, 0, 0, 0, 0]), Buffer.from("GET / HTTP/1.1\r\n\r\n")]) {
      const socket = net.connect(Number(port), "127.0.0.1");
      socket.on("error", () => {});
      await new Promise<void>((resolve) => socket.on("connect", resolve));
      socket.write(garbage);
      await new Promise<void>((resolve) => socket.on("close", () => resolve()));
    }
    const client = await connect();
    try {
      expect((await client.query("SELECT 2 AS two")).rows).toEqual([{ two: 2 }]);
    } finally {
      await client.end();
    }
  });

  it("serves the next exchange after one that failed in the middle", async () => {
    const client = await connect();
    try {
      await expect(client.query("SELECT $1::int AS n", ["not a number"])).rejects.toThrow(/invalid input syntax/);
      expect((await client.query("SELECT $1::int AS n", [7])).rows[0].n).toBe(7);
    } finally {
      await client.end();
    }
  });
});
