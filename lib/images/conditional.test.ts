import { describe, expect, it } from "vitest";

import { isNotModified, isRangeCurrent } from "./conditional";

const validators = { etag: '"0123456789abcdef-full"', lastModified: new Date("2026-03-01T12:00:00.600Z") };
const headers = (entries: Record<string, string>) => new Headers(entries);

describe("isNotModified", () => {
  it("matches the ETag, in a list, weak or as *", () => {
    expect(isNotModified(headers({ "If-None-Match": '"0123456789abcdef-full"' }), validators)).toBe(true);
    expect(isNotModified(headers({ "If-None-Match": '"other", "0123456789abcdef-full"' }), validators)).toBe(true);
    expect(isNotModified(headers({ "If-None-Match": 'W/"0123456789abcdef-full"' }), validators)).toBe(true);
    expect(isNotModified(headers({ "If-None-Match": "*" }), validators)).toBe(true);
    expect(isNotModified(headers({ "If-None-Match": '"0123456789abcdef-320"' }), validators)).toBe(false);
    expect(isNotModified(headers({}), validators)).toBe(false);
  });

  it("reads If-Modified-Since to the second, and only without If-None-Match", () => {
    expect(isNotModified(headers({ "If-Modified-Since": "Sun, 01 Mar 2026 12:00:00 GMT" }), validators)).toBe(true);
    expect(isNotModified(headers({ "If-Modified-Since": "Sun, 01 Mar 2026 13:00:00 GMT" }), validators)).toBe(true);
    expect(isNotModified(headers({ "If-Modified-Since": "Sun, 01 Mar 2026 11:59:59 GMT" }), validators)).toBe(false);
    expect(isNotModified(headers({ "If-Modified-Since": "yesterday" }), validators)).toBe(false);
    expect(
      isNotModified(
        headers({ "If-None-Match": '"stale"', "If-Modified-Since": "Sun, 01 Mar 2026 13:00:00 GMT" }),
        validators,
      ),
    ).toBe(false);
  });
});

describe("isRangeCurrent", () => {
  it("allows a range without If-Range, or with one naming the current ETag or date", () => {
    expect(isRangeCurrent(headers({}), validators)).toBe(true);
    expect(isRangeCurrent(headers({ "If-Range": '"0123456789abcdef-full"' }), validators)).toBe(true);
    expect(isRangeCurrent(headers({ "If-Range": "Sun, 01 Mar 2026 12:00:00 GMT" }), validators)).toBe(true);
  });

  it("sends the whole file when If-Range names another version, or a weak tag", () => {
    expect(isRangeCurrent(headers({ "If-Range": '"fedcba9876543210-full"' }), validators)).toBe(false);
    expect(isRangeCurrent(headers({ "If-Range": 'W/"0123456789abcdef-full"' }), validators)).toBe(false);
    expect(isRangeCurrent(headers({ "If-Range": "Sun, 01 Mar 2026 11:00:00 GMT" }), validators)).toBe(false);
    expect(isRangeCurrent(headers({ "If-Range": "soon" }), validators)).toBe(false);
  });
});
