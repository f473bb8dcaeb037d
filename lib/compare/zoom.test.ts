import { describe, expect, it } from "vitest";

import { MAX_ZOOM, panBy, transformOf, UNZOOMED, zoomAt } from "./zoom";

describe("zoomAt", () => {
  it("zooms around the centre by default", () => {
    expect(zoomAt(UNZOOMED, 2)).toEqual({ scale: 2, x: -0.5, y: -0.5 });
  });

  it("keeps the spot under the pointer in place", () => {
    const view = zoomAt(UNZOOMED, 4, 0.25, 0.75);
    // The image point at (0.25, 0.75) of the frame is still drawn at (0.25, 0.75).
    expect(view.x + 0.25 * view.scale).toBeCloseTo(0.25);
    expect(view.y + 0.75 * view.scale).toBeCloseTo(0.75);
    const further = zoomAt(view, 1.5, 0.25, 0.75);
    expect(further.x + 0.25 * further.scale).toBeCloseTo(0.25);
  });

  it("stays between 1x and 8x, and zooming out to 1x shows the whole image again", () => {
    expect(zoomAt(UNZOOMED, 100).scale).toBe(MAX_ZOOM);
    expect(zoomAt(UNZOOMED, 0.5)).toEqual(UNZOOMED);
    expect(zoomAt(zoomAt(UNZOOMED, 4, 0.9, 0.1), 0.1)).toEqual(UNZOOMED);
  });

  it("never uncovers the frame when zooming out near an edge", () => {
    const corner = panBy(zoomAt(UNZOOMED, 4), -10, -10);
    expect(corner).toEqual({ scale: 4, x: -3, y: -3 });
    expect(zoomAt(corner, 0.5, 0, 0)).toEqual({ scale: 2, x: -1, y: -1 });
  });
});

describe("panBy", () => {
  it("moves the zoomed image within its bounds", () => {
    const view = zoomAt(UNZOOMED, 2);
    expect(panBy(view, 0.25, -0.25)).toEqual({ scale: 2, x: -0.25, y: -0.75 });
    expect(panBy(view, 1, -1)).toEqual({ scale: 2, x: 0, y: -1 });
  });

  it("does not move an unzoomed image", () => {
    expect(panBy(UNZOOMED, 0.3, -0.3)).toEqual(UNZOOMED);
  });
});

describe("transformOf", () => {
  it("writes the view as one CSS transform", () => {
    expect(transformOf(UNZOOMED)).toBe("translate(0%, 0%) scale(1)");
    expect(transformOf(zoomAt(UNZOOMED, 2))).toBe("translate(-50%, -50%) scale(2)");
  });
});
