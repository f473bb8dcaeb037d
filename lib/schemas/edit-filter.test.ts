import { describe, expect, it } from "vitest";

import { editFilterSchema } from "./edit-filter";

const problem = (input: unknown) => {
  const parsed = editFilterSchema.safeParse(input);
  return parsed.success
    ? "accepted"
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; ");
};

describe("editFilterSchema", () => {
  it("accepts a full filter and coerces numbers given as text", () => {
    const parsed = editFilterSchema.parse({
      types: ["3", 4],
      subsets: ["sft"],
      judge: "fail",
      overall: { min: "0.6", max: 0.7 },
      compliance: { max: 0.5 },
      reviewed: false,
      q: "  sky  ",
      source: "12",
    });
    expect(parsed).toEqual({
      types: [3, 4],
      subsets: ["sft"],
      judge: "fail",
      overall: { min: 0.6, max: 0.7 },
      compliance: { max: 0.5 },
      reviewed: false,
      q: "sky",
      source: 12,
    });
  });

  it("names the field and what is wrong with it", () => {
    expect(problem({ overall: { min: 2 } })).toBe("overall.min: must be at most 1");
    expect(problem({ overall: { min: 0.8, max: 0.2 } })).toBe("overall: min must not be above max");
    expect(problem({ judge: "maybe" })).toBe("judge: must be one of pass, fail, none");
    expect(problem({ subsets: ["sft", "dpo"] })).toBe("subsets.1: must be one of sft, preference, multi-turn");
    expect(problem({ types: ["x"] })).toBe("types.0: must be a number");
    expect(problem({ source: -4 })).toBe("source: must be positive");
    expect(problem({ q: "" })).toBe("q: is empty");
    expect(problem({ colour: "red" })).toMatch(/^: Unrecognized key: "colour"/);
  });
});
