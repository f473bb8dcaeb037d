import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { compareImages, GRID } from "./compare";

// A 320x240 scene: a gradient sky, a ground band and a few shapes, so that structure
// (edges, texture) exists for SSIM to see.
function scene(extra = ""): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#5a8fd8"/><stop offset="1" stop-color="#dfe9f5"/></linearGradient></defs>
    <rect width="320" height="240" fill="url(#sky)"/>
    <rect y="160" width="320" height="80" fill="#4d7a3a"/>
    <circle cx="70" cy="60" r="28" fill="#f3d34a"/>
    <rect x="180" y="100" width="90" height="70" fill="#8a4b2f"/>
    <polygon points="170,100 225,60 280,100" fill="#6b2020"/>
    ${extra}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

describe("compareImages", () => {
  it("finds nothing changed between an image and a re-encoded copy of it", async () => {
    const source = await scene();
    const copy = await sharp(source).jpeg({ quality: 92 }).toBuffer();
    const signals = await compareImages(source, copy);
    expect(signals.changedFraction).toBeLessThan(0.01);
    expect(signals.meanAbsDiff).toBeLessThan(0.01);
    expect(signals.ssim).toBeGreaterThan(0.95);
    expect(signals.source).toEqual({ width: 320, height: 240 });
  });

  it("places a local change in the cells it touched", async () => {
    const source = await scene();
    // A dark object added in the bottom-left quarter.
    const edited = await scene(`<rect x="10" y="170" width="60" height="50" fill="#111"/>`);
    const signals = await compareImages(source, edited);
    expect(signals.changedFraction).toBeGreaterThan(0.02);
    expect(signals.changedFraction).toBeLessThan(0.1);
    expect(signals.grid).toHaveLength(GRID * GRID);
    const bottomLeft = signals.grid[(GRID - 1) * GRID] as number;
    const topRight = signals.grid[GRID - 1] as number;
    expect(bottomLeft).toBeGreaterThan(0.3);
    expect(topRight).toBe(0);
  });

  it("sees a global restyle change most of the picture", async () => {
    const source = await scene();
    const restyled = await sharp(source).negate({ alpha: false }).toBuffer();
    const signals = await compareImages(source, restyled);
    expect(signals.changedFraction).toBeGreaterThan(0.8);
    expect(signals.meanAbsDiff).toBeGreaterThan(0.2);
    expect(signals.ssim).toBeLessThan(0.6);
  });

  it("compares an output of another size and aspect ratio on the source's box", async () => {
    const source = await scene();
    const square = await sharp(source).resize(512, 512, { fit: "cover" }).png().toBuffer();
    const signals = await compareImages(source, square);
    expect(signals.output).toEqual({ width: 512, height: 512 });
    // The crop moved the picture a little: some change, far from a restyle.
    expect(signals.changedFraction).toBeLessThan(0.5);
  });
});
