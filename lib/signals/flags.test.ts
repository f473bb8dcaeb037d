import sharp from "sharp";
import { describe, expect, it } from "vitest";

import { compareImages, type ChangeSignals } from "./compare";
import { flagsOf, NO_OP_CHANGED, OVER_EDIT_CHANGED } from "./flags";
import { restyled, scene } from "./test-scenes";

const REMOVE = "Remove an existing object";
const TONE = "Change overall color tone (warm ↔ cool)";
const ZOOM = "Zoom in";

// A dark square of `side` pixels in the 320x240 scene's ground.
const speck = (side: number) => scene(`<rect x="20" y="180" width="${side}" height="${side}" fill="#111"/>`);

describe("flagsOf", () => {
  it("calls a re-encoded copy a no-op at any JPEG quality, rescaled or not", async () => {
    const source = await scene();
    for (const quality of [95, 75, 40]) {
      const copy = await sharp(source).jpeg({ quality }).toBuffer();
      expect(flagsOf(await compareImages(source, copy), REMOVE).noOp, `quality ${quality}`).toBe(true);
      const larger = await sharp(source).resize(1280, 960).jpeg({ quality }).toBuffer();
      expect(flagsOf(await compareImages(source, larger), REMOVE).noOp, `1280 px, quality ${quality}`).toBe(true);
    }
  });

  it("does not call a small local edit a no-op, only a speck under the threshold", async () => {
    const source = await scene();
    // 12 px square: 0.19% of the picture, as small as the demo's smallest real edits.
    const small = await compareImages(source, await speck(12));
    expect(small.changedFraction).toBeGreaterThan(NO_OP_CHANGED);
    expect(flagsOf(small, REMOVE).noOp).toBe(false);
    // 4 px square: 0.02%, lost at the working size.
    expect(flagsOf(await compareImages(source, await speck(4)), REMOVE).noOp).toBe(true);
  });

  it("calls a local type that changed more than half the picture an over-edit, and no global type", async () => {
    const source = await scene();
    const whole = await compareImages(source, await restyled());
    expect(flagsOf(whole, REMOVE).overEdit).toBe(true);
    expect(flagsOf(whole, TONE).overEdit).toBe(false);
    const at = (changedFraction: number): ChangeSignals => ({ ...whole, changedFraction });
    expect(flagsOf(at(OVER_EDIT_CHANGED + 0.01), REMOVE).overEdit).toBe(true);
    expect(flagsOf(at(OVER_EDIT_CHANGED - 0.01), REMOVE).overEdit).toBe(false);
  });

  it("flags a new aspect ratio, except for the types meant to change the frame", async () => {
    const source = await scene();
    const square = await compareImages(source, await sharp(source).resize(240, 240, { fit: "cover" }).png().toBuffer());
    expect(flagsOf(square, REMOVE).sizeChanged).toBe(true);
    expect(flagsOf(square, ZOOM).sizeChanged).toBe(false);
    const rescaled = await compareImages(source, await sharp(source).resize(640, 480).png().toBuffer());
    expect(flagsOf(rescaled, REMOVE).sizeChanged).toBe(false);
  });
});
