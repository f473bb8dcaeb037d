import { describe, expect, it } from "vitest";

import { galleryHref, toggleInList, toggleValue } from "./filter-links";

describe("filter links", () => {
  it("toggle a value in and out of a list", () => {
    expect(toggleInList({ types: [3] }, "types", 4)).toEqual({ types: [3, 4] });
    expect(toggleInList({ types: [3, 4], judge: "pass" }, "types", 3)).toEqual({ types: [4], judge: "pass" });
    expect(toggleInList({ types: [3] }, "types", 3)).toEqual({});
  });

  it("set and clear a single value", () => {
    expect(toggleValue({}, "effective", "fail")).toEqual({ effective: "fail" });
    expect(toggleValue({ effective: "fail" }, "effective", "fail")).toEqual({});
    expect(toggleValue({ effective: "fail" }, "effective", "pass")).toEqual({ effective: "pass" });
  });

  it("write the gallery's URL", () => {
    expect(galleryHref({})).toBe("/edits");
    expect(galleryHref({ categories: [2], effective: "fail" }, { cursor: "40" })).toBe(
      "/edits?categories=2&effective=fail&cursor=40",
    );
  });
});
