import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { compareImages, GRID } from "./compare";
import { LOCAL_EDIT, restyled, scene } from "./test-scenes";

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
    const edited = await scene(LOCAL_EDIT);
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
    const signals = await compareImages(source, await restyled());
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
