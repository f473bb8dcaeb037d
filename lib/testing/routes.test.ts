import fs from "node:fs";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { routeFile, ROUTES } from "../../e2e/routes";

// Every page and route handler under app/ is in e2e/routes.ts, with the role it needs, so
// that the fuzz test and the role matrix reach it: this fails while one is missing.
function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? files(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

describe("e2e/routes.ts", () => {
  it("lists every page and route handler of app/", () => {
    const served = files("app")
      .filter((file) => /\/(page\.tsx|route\.ts)$/.test(file))
      .map((file) => file.split(path.sep).join("/"))
      .sort();
    expect([...new Set(ROUTES.map(routeFile))].sort()).toEqual(served);
  });
});
