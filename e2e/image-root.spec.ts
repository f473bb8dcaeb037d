import fs from "node:fs";
import path from "node:path";

import { E2E_DATA_DIR } from "../playwright.config";
import { execute, queryOne } from "./database";
import { expect, test } from "./fixtures";

// A file beside the image root (E2E_DATA_DIR/images) with an image's extension: what a
// path escaping the root would reach.
const OUTSIDE = path.resolve(E2E_DATA_DIR, "outside.png");
test.beforeAll(() => fs.writeFileSync(OUTSIDE, "bytes outside the image root"));
test.afterAll(() => fs.rmSync(OUTSIDE, { force: true }));

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
