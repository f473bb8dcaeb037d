import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import zlib from "node:zlib";

// Route handlers called straight from Node's HTTP server, without Next.js's request path
// around them (scripts/serve.ts: the gallery's read routes, the edit's, and the review's
// writes). The handler of the request's method (a route module's GET or POST) gets a
// Request made from Node's, its body streamed, and a dynamic segment's value as Next.js
// gives it; its Response is written back as it is. Every other request goes on to Next.js.

export type RouteContext = { params: Promise<Record<string, string>> };
// A method's type, whose parameters TypeScript compares both ways: a handler typed with its
// own route's params (`{ id: string }`) fits, as Next.js calls it with them.
type Route = { handle(request: Request, context: RouteContext): Promise<Response> };
export type RouteHandler = Route["handle"];
// A route module's handlers, as app/**/route.ts exports them.
export type RouteModule = { GET?: RouteHandler; POST?: RouteHandler };

// As Next.js compresses (its `compression` middleware): gzip, for a body of 1 KB or more,
// when the client accepts it and compress is on (COMPRESS).
const COMPRESS_FROM = 1024;
const gzip = promisify(zlib.gzip);

type Segment = { fixed: string } | { param: string };

// A route's path in Next.js's folder syntax: fixed segments and dynamic ones, `[id]`.
function segmentsOf(route: string): Segment[] {
  return route
    .split("/")
    .slice(1)
    .map((segment) => {
      const param = /^\[(\w+)\]$/.exec(segment)?.[1];
      return param ? { param } : { fixed: segment };
    });
}

// The params of a path under a route's segments, undefined when it does not match, or an
// error when a dynamic segment's percent-escapes do not decode (as proxy.ts answers them).
function match(segments: Segment[], parts: string[]): Record<string, string> | undefined | Error {
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const part = parts[i] as string;
    if ("fixed" in segment) {
      if (part !== segment.fixed) return undefined;
    } else {
      if (!part) return undefined;
      try {
        params[segment.param] = decodeURIComponent(part);
      } catch {
        return new Error(`the path /${parts.join("/")} has a percent-escape that is not UTF-8`);
      }
    }
  }
  return params;
}

// A listener that answers a GET or POST of one of the routes' paths (any query) with the
// route's handler of that method, a fixed path before a dynamic one, and hands every other
// request to `next`.
export function withDirectRoutes(
  routes: Record<string, RouteModule>,
  next: RequestListener,
  { compress }: { compress: boolean },
): RequestListener {
  const fixed = new Map(Object.entries(routes).filter(([route]) => !route.includes("[")));
  const dynamic = Object.entries(routes)
    .filter(([route]) => route.includes("["))
    .map(([route, module]) => ({ segments: segmentsOf(route), module }));
  const noParams: RouteContext = { params: Promise.resolve({}) };
  return (request, response) => {
    const url = request.url ?? "";
    const method = request.method;
    if (method !== "GET" && method !== "POST") return next(request, response);
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    // A fixed path is its route's alone, whatever its methods: never a dynamic segment's value.
    const fixedRoute = fixed.get(path);
    if (fixedRoute) {
      const handler = fixedRoute[method];
      return handler ? void serveDirect(handler, noParams, request, response, compress) : next(request, response);
    }
    const parts = path.split("/").slice(1);
    for (const route of dynamic) {
      const handler = route.module[method];
      if (!handler) continue;
      const params = match(route.segments, parts);
      if (params instanceof Error) {
        const error = { error: { code: "INVALID_INPUT", message: params.message } };
        return void response.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify(error));
      }
      if (params) return void serveDirect(handler, { params: Promise.resolve(params) }, request, response, compress);
    }
    next(request, response);
  };
}

async function serveDirect(
  handler: RouteHandler,
  context: RouteContext,
  request: IncomingMessage,
  response: ServerResponse,
  compress: boolean,
): Promise<void> {
  try {
    const headers = new Headers();
    for (let i = 0; i < request.rawHeaders.length; i += 2)
      headers.append(request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string);
    // The handlers read the query, the headers and a POST's body; the origin is a placeholder.
    // A streamed body needs duplex "half", which TypeScript's RequestInit does not know.
    const init: RequestInit & { duplex?: "half" } =
      request.method === "POST"
        ? { method: "POST", headers, body: Readable.toWeb(request) as unknown as BodyInit, duplex: "half" }
        : { headers };
    const answer = await handler(new Request(new URL(request.url as string, "http://localhost"), init), context);
    let body = Buffer.from(await answer.arrayBuffer());
    const sent: Record<string, string> = Object.fromEntries(answer.headers);
    if (compress && body.length >= COMPRESS_FROM && /\bgzip\b/.test(request.headers["accept-encoding"] ?? "")) {
      body = await gzip(body);
      sent["content-encoding"] = "gzip";
      sent.vary = "Accept-Encoding";
    }
    response.writeHead(answer.status, { ...sent, "content-length": String(body.length) });
    response.end(body);
  } catch (error) {
    // The handlers answer their own errors (routeHandler): this is one of the adapter's.
    console.error(`${request.method} ${request.url}:`, error);
    if (response.headersSent) response.destroy();
    else
      response
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on the server." } }));
  }
}
