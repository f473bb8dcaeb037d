import { describe, expect, it } from "vitest";

import { cachePolicy } from "./cache-policy";

describe("cachePolicy", () => {
  it("caches the current version for a year as immutable", () => {
    expect(cachePolicy("0123456789abcdef", "0123456789abcdef")).toEqual({
      kind: "serve",
      cacheControl: "public, max-age=31536000, immutable",
    });
  });

  it("serves a URL without a version with a short cache only", () => {
    expect(cachePolicy(null, "0123456789abcdef")).toEqual({ kind: "serve", cacheControl: "public, max-age=60" });
  });

  it("redirects a stale or empty version instead of caching other bytes under it", () => {
    expect(cachePolicy("fedcba9876543210", "0123456789abcdef")).toEqual({ kind: "redirect" });
    expect(cachePolicy("", "0123456789abcdef")).toEqual({ kind: "redirect" });
  });
});
