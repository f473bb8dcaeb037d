import { describe, expect, it } from "vitest";

import { parseRange } from "./byte-ranges";

const part = (start: number, end: number) => ({ kind: "partial", start, end });

describe("parseRange", () => {
  it("answers one range as asked, its end cut to the file's", () => {
    expect(parseRange("bytes=0-99", 1000)).toEqual(part(0, 99));
    expect(parseRange("bytes=500-", 1000)).toEqual(part(500, 999));
    expect(parseRange("bytes=-100", 1000)).toEqual(part(900, 999));
    expect(parseRange("bytes=990-5000", 1000)).toEqual(part(990, 999));
    expect(parseRange("bytes=999-999", 1000)).toEqual(part(999, 999));
    expect(parseRange("Bytes = 10-19", 1000)).toEqual(part(10, 19));
  });

  it("sends the whole file for a suffix longer than it", () => {
    expect(parseRange("bytes=-5000", 1000)).toEqual(part(0, 999));
  });

  it("cannot satisfy a range that starts past the end, an empty suffix, or any range of an empty file", () => {
    expect(parseRange("bytes=1000-", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=1000-1005", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-0", 1000)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange(`bytes=${"9".repeat(30)}-`, 1000)).toEqual({ kind: "unsatisfiable" });
  });

  it("sends the whole file without a header, for several ranges, another unit, or a header it cannot read", () => {
    for (const header of [
      null,
      "bytes=0-9,20-29",
      "bytes=0-9, -5",
      "items=0-9",
      "bytes=abc",
      "bytes=9-0",
      "bytes=-",
      "bytes=",
      "bytes=1.5-2",
      "bytes=0x10-",
      "0-9",
    ])
      expect(parseRange(header, 1000), String(header)).toEqual({ kind: "full" });
  });
});
