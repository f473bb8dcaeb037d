import { afterAll, describe, expect, it } from "vitest";

import { GET as galleryPage } from "@/app/api/edits/route";

import { AppError } from "../api/errors";
import { demoCookie } from "../testing/sessions";
import { requireRole } from "./session";

// PUBLIC_BROWSE=1: anyone reads without signing in, and nothing more. The environment is
// read on first use, which in this file comes after this line.
process.env.PUBLIC_BROWSE = "1";
afterAll(() => {
  delete process.env.PUBLIC_BROWSE;
});

describe("with PUBLIC_BROWSE=1", () => {
  it("answers the gallery API to a visitor without a session", async () => {
    expect((await galleryPage(new Request("http://localhost/api/edits"))).status).toBe(200);
    expect(await requireRole("VIEWER", new Headers())).toBeNull();
  });

  it("still asks for a session, and the role, for anything above browsing", async () => {
    await expect(requireRole("ANNOTATOR", new Headers())).rejects.toEqual(
      new AppError("UNAUTHORIZED", "Sign in first: this needs an annotator's session."),
    );
    await expect(requireRole("ANNOTATOR", new Headers({ cookie: await demoCookie("VIEWER") }))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
