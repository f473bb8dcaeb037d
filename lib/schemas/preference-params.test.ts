import { describe, expect, it } from "vitest";

import { preferencesHref, preferenceViewFromParams } from "./preference-params";

const read = (query: string) => preferenceViewFromParams(new URLSearchParams(query));

describe("preferenceViewFromParams", () => {
  it("defaults to every pair, with no limit of its own", () => {
    expect(read("")).toEqual({ ok: true, view: { filter: {} } });
  });

  it("reads the gallery's types and categories, the provenance, the change list and the paging", () => {
    expect(read("types=3,4&categories=2&provenance=human&cursor=40&limit=10")).toEqual({
      ok: true,
      view: { filter: { types: [3, 4], categories: [2], provenance: "human" }, cursor: 40, limit: 10 },
    });
    expect(read("changes=removed&types=5")).toEqual({
      ok: true,
      view: { filter: { types: [5] }, changes: "removed" },
    });
  });

  it("names every param it cannot read", () => {
    expect(read("provenance=both&changes=all&types=x&limit=0")).toEqual({
      ok: false,
      problems: [
        { param: "types", message: "must be a number" },
        { param: "provenance", message: "must be one of judge, human" },
        { param: "changes", message: "must be one of added, removed" },
        { param: "limit", message: "must be at least 1" },
      ],
    });
    expect(read("provenance=judge&changes=added")).toEqual({
      ok: false,
      problems: [{ param: "provenance", message: "does not apply to the list of pair changes" }],
    });
  });

  it("refuses a param of another view, or one given twice, before reading any", () => {
    expect(read("judge=pass&provenance=x")).toMatchObject({
      ok: false,
      problems: [{ param: "judge", message: expect.stringContaining("is not a param of this view") }],
    });
    expect(read("provenance=judge&provenance=human")).toEqual({
      ok: false,
      problems: [{ param: "provenance", message: "is given more than once" }],
    });
  });
});

describe("preferencesHref", () => {
  it("writes only what differs from the first page of every pair, and reads back as it was", () => {
    expect(preferencesHref({ filter: {} })).toBe("/preferences");
    const view = { filter: { types: [3, 4], categories: [2], provenance: "human" as const }, cursor: 40, limit: 10 };
    const href = preferencesHref(view);
    expect(href).toBe("/preferences?categories=2&types=3%2C4&provenance=human&cursor=40&limit=10");
    expect(read(href.split("?")[1] as string)).toEqual({ ok: true, view });
  });
});
