// Preference pairs follow from effective verdicts: within one task every passing edit
// is preferred to every failing one. A pair is HUMAN when a review decided either side.

export type PairInput = { id: number; effectiveVerdict: "PASS" | "FAIL" | null; humanVerdict: "PASS" | "FAIL" | null };
export type DerivedPair = { chosenEditId: number; rejectedEditId: number; provenance: "JUDGE" | "HUMAN" };

export function derivePreferencePairs(edits: PairInput[]): DerivedPair[] {
  const passing = edits.filter((e) => e.effectiveVerdict === "PASS");
  const failing = edits.filter((e) => e.effectiveVerdict === "FAIL");
  return passing.flatMap((chosen) =>
    failing.map((rejected) => ({
      chosenEditId: chosen.id,
      rejectedEditId: rejected.id,
      provenance:
        chosen.humanVerdict !== null || rejected.humanVerdict !== null ? ("HUMAN" as const) : ("JUDGE" as const),
    })),
  );
}
