import { describe, expect, it } from "vitest";

import { parseScoreLine } from "./scores";

const line = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    output_image: "images/positive-edit/17.png",
    judge: "gemini-2.5-pro",
    compliance: 0.9,
    realism: 0.8,
    preservation: 0.85,
    technical: 0.9,
    rationale: "The car is gone;\nfaint halo at the curb.",
    ...overrides,
  });
const reason = (text: string) => {
  const parsed = parseScoreLine(text);
  return parsed.ok ? "accepted" : parsed.reason;
};

describe("parseScoreLine on hostile lines", () => {
  it("takes a good line, line breaks in the rationale included", () => {
    expect(parseScoreLine(line())).toMatchObject({
      ok: true,
      record: { judge: "gemini-2.5-pro", rationale: "The car is gone;\nfaint halo at the curb." },
    });
  });

  it("refuses NUL, control characters and lone surrogates in every string field", () => {
    expect(reason(line({ judge: "gem\0ini" }))).toBe('"judge" contains a NUL character (U+0000) at character 4');
    expect(reason(line({ judge: "gemini\n" }))).toBe('"judge" contains a line break (U+000A) at character 7');
    expect(reason(line({ rationale: "ok \x9b31m" }))).toBe(
      '"rationale" contains the control character U+009B at character 4',
    );
    expect(reason(line({ output_image: "images/\ud800.png" }))).toBe(
      '"output_image" contains a lone surrogate (\\ud800) at character 8, which is not valid Unicode',
    );
  });

  it("refuses numbers JSON writes but a float cannot hold, and strings for numbers", () => {
    expect(reason(line().replace('"compliance":0.9', '"compliance":1e400'))).toBe(
      '"compliance" must be a finite number, got Infinity',
    );
    expect(reason(line().replace('"realism":0.8', '"realism":-1e400'))).toBe(
      '"realism" must be a finite number, got -Infinity',
    );
    expect(reason(line({ technical: "0.9" }))).toBe('"technical" must be a number, got a string');
    expect(reason(line({ compliance: 1e308 }))).toBe('criterion "compliance" is 1e+308, outside [0, 1]');
    expect(reason(line({ overall: [] }))).toBe('"overall" must be a number, got a list');
    expect(reason(line().replace('"compliance":0.9', '"compliance":NaN'))).toMatch(/^broken JSON: /);
  });

  it("refuses a line that is not an object", () => {
    expect(reason("[]")).toBe("a score line must be a JSON object, got a list");
    expect(reason("null")).toBe("a score line must be a JSON object, got null");
    expect(reason(`"${"x".repeat(10)}"`)).toBe("a score line must be a JSON object, got a string");
  });
});
