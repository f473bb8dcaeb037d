import { describe, expect, it } from "vitest";

import { MAX_ID, parseId } from "./id";

describe("parseId", () => {
  it("reads the ids of the int4 range, ends included", () => {
    expect(parseId("1")).toBe(1);
    expect(parseId("42")).toBe(42);
    expect(parseId("007")).toBe(7);
    expect(parseId(String(MAX_ID))).toBe(2147483647);
  });

  it("refuses what is outside the range or not written as digits alone", () => {
    for (const raw of [
      "0",
      "2147483648",
      "99999999999",
      "9".repeat(400),
      "-1",
      "+1",
      "1.5",
      "1e3",
      "0x10",
      " 1",
      "1 ",
      "",
      "abc",
      "1\u0000",
      "١٢",
    ])
      expect(parseId(raw), JSON.stringify(raw)).toBeNull();
  });
});
