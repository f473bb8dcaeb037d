import { beforeAll, describe, expect, it } from "vitest";

import { countWhatIfPasses } from "@/lib/data/taxonomy-scores";
import { whatIf } from "@/lib/schemas/what-if-params";
import { WEIGHTS } from "@/lib/scoring/scoring";
import { demoCookie } from "@/lib/testing/sessions";

import { GET } from "./route";

// The route handler called as Next calls it, on the run's demo database, as its viewer.
let cookie = "";
beforeAll(async () => {
  cookie = await demoCookie("VIEWER");
});
const get = (query: string) =>
  GET(new Request(`http://localhost/api/taxonomy/what-if?${query}`, { headers: { cookie } }));

describe("GET /api/taxonomy/what-if", () => {
  it("answers the counts under the rule it was given, and the rule", async () => {
    const response = await get("threshold=0.6&w_technical=0");
    expect(response.status).toBe(200);
    const rule = whatIf(0.6, { ...WEIGHTS, technical: 0 });
    expect(await response.json()).toEqual({ rule, ...(await countWhatIfPasses(rule)) });
  });

  it.each([
    ["threshold=2", "threshold: must be at most 1"],
    ["threshold=", "threshold: is empty"],
    ["w_realism=much", "w_realism: must be a number"],
    ["w_compliance=-0.1&threshold=0.5", "w_compliance: must be at least 0"],
    [
      "w_compliance=0&w_realism=0&w_preservation=0&w_technical=0",
      "w_compliance,w_realism,w_preservation,w_technical: are all 0: at least one weight must be above 0",
    ],
    ["threshold=0.5&threshold=0.6", "threshold: is given more than once"],
    [
      "treshold=0.5",
      "treshold: is not a param of this view (known: threshold, w_compliance, w_realism, w_preservation, w_technical)",
    ],
  ])("refuses %s with a 400 naming the param", async (query, message) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { code: "INVALID_INPUT", message } });
  });
});
