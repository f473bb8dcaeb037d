import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";

import { afterEach, describe, expect, it } from "vitest";

import { withDirectRoutes, type RouteModule } from "./direct-routes";

// Route handlers served from a real HTTP server through withDirectRoutes, beside a stand-in
// for Next.js that answers everything else.

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function serve(routes: Record<string, RouteModule>, compress = false): Promise<number> {
  const next: http.RequestListener = (request, response) =>
    response.writeHead(299, { "content-type": "text/plain" }).end(`next ${request.method} ${request.url}`);
  const server = http.createServer(withDirectRoutes(routes, next, { compress }));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

function send(
  port: number,
  path: string,
  { body, ...options }: { method?: string; headers?: http.OutgoingHttpHeaders; body?: string } = {},
) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const request = http.request({ host: "127.0.0.1", port, path, ...options }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    request.on("error", reject);
    request.end(body);
  });
}

describe("withDirectRoutes", () => {
  it("answers a GET of a route's path with its handler: the query and headers in, status, headers and body out", async () => {
    const seen: { url: string; cookie: string | null; accept: string | null }[] = [];
    const port = await serve({
      "/api/things": {
        GET: async (request) => {
          seen.push({ url: request.url, cookie: request.headers.get("cookie"), accept: request.headers.get("accept") });
          return Response.json({ found: 2 }, { status: 201, headers: { "x-things": "yes" } });
        },
      },
    });
    const answer = await send(port, "/api/things?kind=a&kind=b", {
      headers: { cookie: "session=abc", accept: "application/json" },
    });
    expect(answer.status).toBe(201);
    expect(answer.headers["x-things"]).toBe("yes");
    expect(answer.headers["content-type"]).toBe("application/json");
    expect(answer.headers["content-length"]).toBe(String(answer.body.length));
    expect(JSON.parse(answer.body.toString())).toEqual({ found: 2 });
    expect(seen).toEqual([
      { url: "http://localhost/api/things?kind=a&kind=b", cookie: "session=abc", accept: "application/json" },
    ]);
  });

  it("hands every other method and path to the next listener", async () => {
    const port = await serve({ "/api/things": { GET: async () => Response.json({}) } });
    for (const [method, path] of [
      ["POST", "/api/things"],
      ["HEAD", "/api/things"],
      ["GET", "/api/things/"],
      ["GET", "/api/things/facets"],
      ["GET", "/api/thingsx?q=1"],
      ["GET", "/api/%74hings"],
    ] as const) {
      const answer = await send(port, path, { method });
      expect(answer.status, `${method} ${path}`).toBe(299);
      if (method !== "HEAD") expect(answer.body.toString()).toBe(`next ${method} ${path}`);
    }
  });

  it("answers a POST with the route's POST handler, its body streamed in", async () => {
    const port = await serve({
      "/api/things/[id]/undo": {
        POST: async (request, { params }) =>
          Response.json({ method: request.method, id: (await params).id, body: await request.json() }, { status: 201 }),
      },
    });
    const body = JSON.stringify({ note: "é".repeat(100_000) });
    const answer = await send(port, "/api/things/7/undo", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body.toString())).toEqual({ method: "POST", id: "7", body: JSON.parse(body) });
    expect((await send(port, "/api/things/7/undo")).status, "GET of a POST-only route").toBe(299);
  });

  it("hands a method a fixed path has no handler of to the next listener, never to a dynamic segment", async () => {
    const port = await serve({
      "/api/things/facets": { GET: async () => Response.json({ facets: true }) },
      "/api/things/[id]": { POST: async () => Response.json({ thing: true }) },
    });
    const answer = await send(port, "/api/things/facets", { method: "POST", body: "{}" });
    expect(answer.status).toBe(299);
    expect(answer.body.toString()).toBe("next POST /api/things/facets");
    expect((await send(port, "/api/things/3", { method: "POST", body: "{}" })).status).toBe(200);
  });

  it("answers a path under a dynamic segment with its handler and the segment's value, a fixed path first", async () => {
    const port = await serve({
      "/api/things/[id]": { GET: async (request, { params }) => Response.json({ thing: (await params).id }) },
      "/api/things/facets": { GET: async () => Response.json({ facets: true }) },
    });
    const body = async (path: string) => JSON.parse((await send(port, path)).body.toString());
    expect(await body("/api/things/42?sort=oldest")).toEqual({ thing: "42" });
    expect(await body("/api/things/a%20b")).toEqual({ thing: "a b" });
    expect(await body("/api/things/facets")).toEqual({ facets: true });
    for (const path of ["/api/things/", "/api/things/42/", "/api/things/42/more", "/api/things"]) {
      expect((await send(port, path)).status, path).toBe(299);
    }
  });

  it("answers a dynamic segment whose percent-escapes do not decode with a 400 that says so", async () => {
    const port = await serve({ "/api/things/[id]": { GET: async () => Response.json({}) } });
    const answer = await send(port, "/api/things/%E0%A4%A");
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body.toString())).toEqual({
      error: { code: "INVALID_INPUT", message: "the path /api/things/%E0%A4%A has a percent-escape that is not UTF-8" },
    });
  });

  it("gzips a body of 1 KB or more when the client accepts it and compression is on", async () => {
    const big = { text: "x".repeat(4000) };
    const routes = {
      "/big": { GET: async () => Response.json(big) },
      "/small": { GET: async () => Response.json({ a: 1 }) },
    };
    const on = await serve(routes, true);
    const zipped = await send(on, "/big", { headers: { "accept-encoding": "gzip, deflate" } });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(zipped.headers.vary).toBe("Accept-Encoding");
    expect(JSON.parse(zlib.gunzipSync(zipped.body).toString())).toEqual(big);
    for (const [port, path, headers] of [
      [on, "/small", { "accept-encoding": "gzip" }],
      [on, "/big", {}],
      [await serve(routes, false), "/big", { "accept-encoding": "gzip" }],
    ] as const) {
      const plain = await send(port, path, { headers });
      expect(plain.headers["content-encoding"], path).toBeUndefined();
      expect(JSON.parse(plain.body.toString())).toEqual(path === "/big" ? big : { a: 1 });
    }
  });

  it("answers a 500 in the API's error shape when the handler throws", async () => {
    const port = await serve({
      "/broken": {
        GET: async () => {
          throw new Error("a bug");
        },
      },
    });
    const answer = await send(port, "/broken");
    expect(answer.status).toBe(500);
    expect(JSON.parse(answer.body.toString())).toEqual({
      error: { code: "INTERNAL", message: "Something went wrong on the server." },
    });
  });
});
