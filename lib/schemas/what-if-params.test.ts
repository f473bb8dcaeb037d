import { describe, expect, it } from "vitest";

import { PASS_THRESHOLD, WEIGHTS } from "../scoring/scoring";
import { CURRENT_RULE, isCurrentRule, whatIf, whatIfFromParams, whatIfToParams } from "./what-if-params";

const parse = (query: string) => whatIfFromParams(new URLSearchParams(query));

describe("what-if params", () => {
  it("are the current rule when absent", () => {
    expect(parse("")).toEqual({ ok: true, whatIf: CURRENT_RULE });
    expect(isCurrentRule(CURRENT_RULE)).toBe(true);
  });

  it("read a threshold and weights, normalized to sum to 1", () => {
    const parsed = parse("threshold=0.65&w_compliance=2&w_realism=1&w_preservation=1&w_technical=0");
    expect(parsed).toEqual({
      ok: true,
      whatIf: {
        threshold: 0.65,
        weights: { compliance: 2, realism: 1, preservation: 1, technical: 0 },
        normalized: { compliance: 0.5, realism: 0.25, preservation: 0.25, technical: 0 },
      },
    });
    expect(parsed.ok && isCurrentRule(parsed.whatIf)).toBe(false);
  });

  it("keep the current weight for a weight not given", () => {
    const parsed = parse("w_technical=0");
    expect(parsed.ok && parsed.whatIf.weights).toEqual({ ...WEIGHTS, technical: 0 });
    expect(parsed.ok && parsed.whatIf.normalized.compliance).toBeCloseTo(0.4 / 0.85, 12);
  });

  it("count weights scaled together as the current rule", () => {
    const parsed = parse("w_compliance=40&w_realism=25&w_preservation=20&w_technical=15");
    expect(parsed.ok && isCurrentRule(parsed.whatIf)).toBe(true);
  });

  it("write only what differs from the current rule and read back what they write", () => {
    expect(whatIfToParams(CURRENT_RULE).toString()).toBe("");
    expect(whatIfToParams(whatIf(0.5, WEIGHTS)).toString()).toBe("threshold=0.5");
    const rule = whatIf(PASS_THRESHOLD, { ...WEIGHTS, realism: 0.5 });
    const params = whatIfToParams(rule);
    expect(params.toString()).toBe("w_compliance=0.4&w_realism=0.5&w_preservation=0.2&w_technical=0.15");
    expect(whatIfFromParams(params)).toEqual({ ok: true, whatIf: rule });
  });

  it("name each bad param and what is wrong with it", () => {
    expect(parse("threshold=1.5&w_realism=abc&w_technical=-1&w_preservation=")).toEqual({
      ok: false,
      problems: [
        { param: "threshold", message: "must be at most 1" },
        { param: "w_realism", message: "must be a number" },
        { param: "w_preservation", message: "is empty" },
        { param: "w_technical", message: "must be at least 0" },
      ],
    });
    expect(parse("threshold=Infinity")).toEqual({
      ok: false,
      problems: [{ param: "threshold", message: "must be a number" }],
    });
    expect(parse("w_compliance=0&w_realism=0&w_preservation=0&w_technical=0")).toEqual({
      ok: false,
      problems: [
        {
          param: "w_compliance,w_realism,w_preservation,w_technical",
          message: "are all 0: at least one weight must be above 0",
        },
      ],
    });
  });

  it("refuse a param given twice, one they do not know, or a control character", () => {
    expect(parse("threshold=0.5&threshold=0.6&weight_realism=1&w_realism=%00")).toEqual({
      ok: false,
      problems: [
        { param: "threshold", message: "is given more than once" },
        {
          param: "weight_realism",
          message:
            "is not a param of this view (known: threshold, w_compliance, w_realism, w_preservation, w_technical)",
        },
        { param: "w_realism", message: "holds a control character" },
      ],
    });
    expect(parse("threshold=2")).toEqual({
      ok: false,
      problems: [{ param: "threshold", message: "must be at most 1" }],
    });
  });
});
