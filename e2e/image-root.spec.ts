import fs from "node:fs";
import http from "node:http";
import path from "node:path";

import { E2E_DATA_DIR } from "../playwright.config";
import { execute, queryOne } from "./database";
import { expect, test } from "./fixtures";

// A file beside the image root (E2E_DATA_DIR/images) with an image's extension: what a
// path escaping the root would reach.
const OUTSIDE = path.resolve(E2E_DATA_DIR, "outside.png");
const MARKER = "bytes outside the image root";

test.beforeAll(() => fs.writeFileSync(OUTSIDE, MARKER));
test.afterAll(() => fs.rmSync(OUTSIDE, { force: true }));

// Sends the path exactly as written. Playwright's request client, like a browser,
// resolves "..", "%2e%2e" and "//" before sending, so those would never reach the server.
function rawGet(baseURL: string, rawPath: string): Promise<{ status: number; location?: string; body: string }> {
  const { hostname, port } = new URL(baseURL);
  return new Promise((resolve, reject) => {
    http
      .get({ hostname, port, path: rawPath }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location, body }),
        );
      })
      .on("error", reject);
  });
}

test("the image route serves files under the image root and nothing outside it, however the path is written", async ({
  baseURL,
}) => {
  const { uri } = await queryOne<{ uri: string }>(`SELECT "uri" FROM "Image" WHERE "uri" LIKE 'demo/%' LIMIT 1`);
  expect((await rawGet(baseURL as string, `/api/images/${uri}`)).status).toBe(200);

  const absolute = OUTSIDE.split(path.sep).filter(Boolean);
  const escapes = [
    "/api/images/../outside.png",
    "/api/images/demo/../../outside.png",
    "/api/images/%2e%2e/outside.png",
    "/api/images/%2E%2E/outside.png",
    "/api/images/%2e%2e%2foutside.png",
    "/api/images/demo%2f..%2f..%2foutside.png",
    "/api/images/demo/%2e%2e%2f%2e%2e%2foutside.png",
    "/api/images/..%5coutside.png",
    "/api/images/%252e%252e%252foutside.png",
    `/api/images/%2f${absolute.join("%2f")}`,
    `/api/images//${absolute.join("/")}`,
    `/api/images/${absolute.map(encodeURIComponent).join("/")}`,
  ];
  for (const escape of escapes) {
    let response = await rawGet(baseURL as string, escape);
    // Next answers "//" with a permanent redirect to the path with one slash.
    if (response.status === 308 && response.location) response = await rawGet(baseURL as string, response.location);
    expect([400, 404], `${escape} -> ${response.status}`).toContain(response.status);
    expect(response.body, escape).not.toContain(MARKER);
  }
});

test("the by-id image route does not follow an image's paths out of the image root", async ({ request }) => {
  const stamp = Date.now();
  const uri = `https://example.org/e2e-outside-${stamp}.png`;
  try {
    for (const localPath of [OUTSIDE, "../outside.png", "demo/../../outside.png"]) {
      await execute(`DELETE FROM "Image" WHERE "uri" = '${uri}'`);
      const { id } = await queryOne<{ id: number }>(
        `INSERT INTO "Image" ("uri", "localPath") VALUES ('${uri}', '${localPath}') RETURNING "id"`,
      );
      const response = await request.get(`/api/images/by-id/${id}`, { maxRedirects: 0 });
      expect(response.status(), localPath).toBe(307);
      expect(response.headers()["location"]).toBe(uri);
    }
  } finally {
    await execute(`DELETE FROM "Image" WHERE "uri" = '${uri}'`);
  }
});
