import { describe, expect, it } from "vitest";

import { cursorText } from "../sql/gallery-order";
import { checkParams, galleryPageFromParams } from "./page-params";

const read = (query: string) => galleryPageFromParams(new URLSearchParams(query));

describe("galleryPageFromParams", () => {
  it("defaults to the newest edits, 60 at a time", () => {
    expect(read("")).toEqual({ ok: true, page: { sort: "newest", seed: 1, limit: 60 } });
  });

  it("reads each sort's cursor as cursorText writes it", () => {
    expect(read(`sort=oldest&cursor=${cursorText("oldest", { id: 12, sortKey: null })}`)).toEqual({
      ok: true,
      page: { sort: "oldest", seed: 1, limit: 60, cursor: { key: null, id: 12 } },
    });
    expect(
      read(`sort=realism_asc&cursor=${cursorText("realism_asc", { id: 7, sortKey: 0.8500000000000001 })}`),
    ).toMatchObject({ ok: true, page: { cursor: { key: 0.8500000000000001, id: 7 } } });
    expect(read(`sort=overall_desc&cursor=${cursorText("overall_desc", { id: 9, sortKey: null })}`)).toMatchObject({
      ok: true,
      page: { cursor: { key: null, id: 9 } },
    });
    expect(read(`sort=random&seed=5&cursor=${cursorText("random", { id: 3, sortKey: -2147483000 })}`)).toMatchObject({
      ok: true,
      page: { seed: 5, cursor: { key: -2147483000, id: 3 } },
    });
  });

  it("names the param and the problem", () => {
    expect(read("sort=best")).toMatchObject({
      ok: false,
      problems: [{ param: "sort", message: expect.stringContaining("must be one of newest, oldest, random") }],
    });
    expect(read("seed=-1")).toEqual({ ok: false, problems: [{ param: "seed", message: "must be at least 0" }] });
    expect(read("limit=500")).toEqual({ ok: false, problems: [{ param: "limit", message: "must be at most 200" }] });
    expect(read("cursor=abc")).toEqual({
      ok: false,
      problems: [{ param: "cursor", message: "must be a positive integer (the last id of the page before)" }],
    });
    expect(read("sort=overall_desc&cursor=12")).toEqual({
      ok: false,
      problems: [{ param: "cursor", message: 'must be "<key>_<id>" as the page before gave it for sort=overall_desc' }],
    });
    expect(read("sort=random&cursor=null_4")).toMatchObject({ ok: false, problems: [{ param: "cursor" }] });
    expect(read("sort=random&cursor=0.5_4")).toMatchObject({ ok: false, problems: [{ param: "cursor" }] });
  });
});

describe("checkParams", () => {
  const check = (query: string) => checkParams(new URLSearchParams(query), ["types", "q", "sort"]);

  it("passes the params a view knows, each given once", () => {
    expect(check("types=1,2&q=snow&sort=oldest")).toEqual([]);
  });

  it("names an unknown param with the known ones, a repeated one, and a control character", () => {
    expect(check("overall=abc&types=1&types=2&q=a%00b&q=c&sort=%1F")).toEqual([
      { param: "overall", message: "is not a param of this view (known: types, q, sort)" },
      { param: "types", message: "is given more than once" },
      { param: "q", message: "holds a control character" },
      { param: "sort", message: "holds a control character" },
    ]);
  });
});
