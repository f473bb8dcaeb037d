import { describe, expect, it } from "vitest";

import { imageSrc } from "./uri";

describe("imageSrc", () => {
  it("names the image, and its thumbnail width and version when given", () => {
    expect(imageSrc(7)).toBe("/api/images/by-id/7");
    expect(imageSrc(7, 320)).toBe("/api/images/by-id/7?w=320");
    expect(imageSrc(7, undefined, "0123456789abcdef")).toBe("/api/images/by-id/7?v=0123456789abcdef");
    expect(imageSrc(7, 640, "0123456789abcdef")).toBe("/api/images/by-id/7?w=640&v=0123456789abcdef");
  });
});
