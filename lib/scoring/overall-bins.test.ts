import { describe, expect, it } from "vitest";

import { OVERALL_BIN_LOWER_BOUNDS, overallBinRange } from "./overall-bins";

describe("overall bins", () => {
  it("start at the decimals a link writes", () => {
    expect(OVERALL_BIN_LOWER_BOUNDS).toHaveLength(20);
    expect(OVERALL_BIN_LOWER_BOUNDS.map(String).slice(13, 16)).toEqual(["0.65", "0.7", "0.75"]);
  });

  it("are gallery ranges that end just below the next bin, the last one at 1", () => {
    expect(overallBinRange(0)).toEqual({ min: 0, max: 0.049999999 });
    expect(overallBinRange(14)).toEqual({ min: 0.7, max: 0.749999999 });
    expect(overallBinRange(19)).toEqual({ min: 0.95, max: 1 });
  });

  it("refuse a bin that does not exist", () => {
    expect(() => overallBinRange(20)).toThrow(new RangeError("bin 20 is not one of 0..19"));
    expect(() => overallBinRange(1.5)).toThrow(RangeError);
  });
});
