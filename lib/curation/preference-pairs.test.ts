import { describe, expect, it } from "vitest";

import { derivePreferencePairs } from "./preference-pairs";

describe("derivePreferencePairs", () => {
  it("pairs every passing edit with every failing one", () => {
    const pairs = derivePreferencePairs([
      { id: 1, effectiveVerdict: "FAIL", humanVerdict: null },
      { id: 2, effectiveVerdict: "FAIL", humanVerdict: null },
      { id: 3, effectiveVerdict: "PASS", humanVerdict: null },
    ]);
    expect(pairs).toEqual([
      { chosenEditId: 3, rejectedEditId: 1, provenance: "JUDGE" },
      { chosenEditId: 3, rejectedEditId: 2, provenance: "JUDGE" },
    ]);
  });

  it("marks a pair human when a review decided either side", () => {
    const pairs = derivePreferencePairs([
      { id: 1, effectiveVerdict: "FAIL", humanVerdict: "FAIL" },
      { id: 2, effectiveVerdict: "PASS", humanVerdict: null },
      { id: 3, effectiveVerdict: "PASS", humanVerdict: "PASS" },
    ]);
    expect(pairs.map((p) => [p.chosenEditId, p.rejectedEditId, p.provenance])).toEqual([
      [2, 1, "HUMAN"],
      [3, 1, "HUMAN"],
    ]);
  });

  it("makes no pair without both a pass and a fail, and ignores unjudged edits", () => {
    expect(derivePreferencePairs([{ id: 1, effectiveVerdict: "PASS", humanVerdict: null }])).toEqual([]);
    expect(
      derivePreferencePairs([
        { id: 1, effectiveVerdict: "FAIL", humanVerdict: null },
        { id: 2, effectiveVerdict: null, humanVerdict: null },
      ]),
    ).toEqual([]);
  });
});
