import { describe, expect, it } from "vitest";

import { filterFromParams, filterToParams } from "./edit-filter-params";

describe("filter search params", () => {
  it("read back what they write", () => {
    const filter = {
      types: [3, 4],
      subsets: ["sft" as const, "preference" as const],
      judge: "fail" as const,
      overall: { min: 0.6, max: 0.7 },
      compliance: { max: 0.5 },
      reviewed: false,
      q: "red car",
      source: 12,
    };
    const params = filterToParams(filter);
    expect(params.toString()).toBe(
      "types=3%2C4&subsets=sft%2Cpreference&judge=fail&q=red+car&source=12&reviewed=false&overall_min=0.6&overall_max=0.7&compliance_max=0.5",
    );
    expect(filterFromParams(params)).toEqual({ ok: true, filter });
  });

  it("ignore params that are not the filter's", () => {
    expect(filterFromParams(new URLSearchParams("cursor=40&limit=20&effective=pass"))).toEqual({
      ok: true,
      filter: { effective: "pass" },
    });
  });

  it("name each bad param and what is wrong with it", () => {
    expect(filterFromParams(new URLSearchParams("overall_min=2&types=1,x&reviewed=maybe&judge=perhaps"))).toEqual({
      ok: false,
      problems: [
        { param: "reviewed", message: "must be true or false" },
        { param: "types", message: "must be a number" },
        { param: "judge", message: "must be one of pass, fail, none" },
        { param: "overall_min", message: "must be at most 1" },
      ],
    });
    expect(filterFromParams(new URLSearchParams("realism_min=0.9&realism_max=0.1"))).toEqual({
      ok: false,
      problems: [{ param: "realism_min/realism_max", message: "min must not be above max" }],
    });
  });

  it("take two or more judges whose verdicts differ, each once", () => {
    expect(filterFromParams(new URLSearchParams("disagree=release,openai/gpt-4o"))).toEqual({
      ok: true,
      filter: { disagree: ["release", "openai/gpt-4o"] },
    });
    for (const [query, message] of [
      ["disagree=release", "must name at least two judges"],
      ["disagree=release,release", "names a judge twice"],
      [`disagree=release,${"x".repeat(101)}`, "has a judge name longer than 100 characters"],
    ])
      expect(filterFromParams(new URLSearchParams(query))).toEqual({
        ok: false,
        problems: [{ param: "disagree", message }],
      });
  });
});
