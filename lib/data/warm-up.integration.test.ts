import { afterAll, describe, expect, it } from "vitest";

import { closeChangeFeed } from "./changes";
import { galleryIndexState } from "./edit-index";
import { warmUp } from "./warm-up";

// A web process's warm-up before it takes connections (scripts/serve.ts): its gallery
// index is loaded once warmUp resolves, where it would otherwise load on the first gallery
// request and answer that one from PostgreSQL. The run's other tests read the gallery from
// PostgreSQL (lib/testing/global-setup.ts); this file's process keeps the index, as npm
// start's do.
process.env.GALLERY_INDEX = "1";
afterAll(() => closeChangeFeed());

describe("warmUp", () => {
  it("loads the gallery index before it resolves", async () => {
    expect(galleryIndexState()).toBe("loading");
    await warmUp();
    expect(galleryIndexState()).toBe("ready");
  });
});
