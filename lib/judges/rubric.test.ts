import { describe, expect, it } from "vitest";

import { parseAnswer, SYSTEM_PROMPT } from "./rubric";

describe("parseAnswer", () => {
  const scores = { compliance: 0.9, realism: 0.8, preservation: 0.7, technical: 1 };

  it("reads the four criteria and the rationale, also from a fenced or wrapped answer", () => {
    const json = JSON.stringify({ ...scores, rationale: " Kept the rest. " });
    for (const text of [json, "```json\n" + json + "\n```", `Here you are: ${json} Hope it helps.`])
      expect(parseAnswer(text)).toEqual({ ok: true, answer: { scores, rationale: "Kept the rest." } });
  });

  it("says what is wrong with an answer it cannot use", () => {
    expect(parseAnswer("I cannot judge this image.")).toEqual({ ok: false, reason: "no JSON object in the answer" });
    expect(parseAnswer('{"compliance": 0.9,}')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^the answer's JSON does not parse/),
    });
    expect(parseAnswer(JSON.stringify({ ...scores, realism: 1.2 }))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^"realism"/),
    });
    const { technical: _, ...three } = scores;
    expect(parseAnswer(JSON.stringify(three))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^"technical"/),
    });
  });

  it("asks for every criterion by its key", () => {
    for (const key of Object.keys(scores)) expect(SYSTEM_PROMPT).toContain(`"${key}": <0..1>`);
  });
});
