import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import { promisify } from "node:util";
import zlib from "node:zlib";

// Route handlers called straight from Node's HTTP server, without Next.js's request path
// around them (scripts/serve.ts: the gallery's two read routes). The handler gets a Request
// made from Node's and its Response is written back as it is; every other request goes on
// to Next.js.

export type RouteHandler = (request: Request) => Promise<Response>;

// As Next.js compresses (its `compression` middleware): gzip, for a body of 1 KB or more,
// when the client accepts it and compress is on (COMPRESS).
const COMPRESS_FROM = 1024;
const gzip = promisify(zlib.gzip);

// A listener that answers a GET of one of the routes' exact paths (any query) with its
// handler, and hands every other request to `next`.
export function withDirectRoutes(
  routes: Record<string, RouteHandler>,
  next: RequestListener,
  { compress }: { compress: boolean },
): RequestListener {
  const byPath = new Map(Object.entries(routes));
  return (request, response) => {
    const url = request.url ?? "";
    const query = url.indexOf("?");
    const handler = request.method === "GET" ? byPath.get(query === -1 ? url : url.slice(0, query)) : undefined;
    if (handler) void serveDirect(handler, request, response, compress);
    else next(request, response);
  };
}

async function serveDirect(
  handler: RouteHandler,
  request: IncomingMessage,
  response: ServerResponse,
  compress: boolean,
): Promise<void> {
  try {
    const headers = new Headers();
    for (let i = 0; i < request.rawHeaders.length; i += 2)
      headers.append(request.rawHeaders[i] as string, request.rawHeaders[i + 1] as string);
    // The handlers read the query and the headers; the origin is a placeholder.
    const answer = await handler(new Request(new URL(request.url as string, "http://localhost"), { headers }));
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
    console.error(`GET ${request.url}:`, error);
    if (response.headersSent) response.destroy();
    else
      response
        .writeHead(500, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { code: "INTERNAL", message: "Something went wrong on the server." } }));
  }
}
