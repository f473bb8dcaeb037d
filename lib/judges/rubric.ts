import { z } from "zod";

import { CRITERIA, CRITERION_LABELS, type CriterionScores } from "../scoring/scoring";

// What a judge model is asked and how its answer is read. The model gives the four
// criteria and a rationale; the overall and the verdict come from lib/scoring, never from
// the model. RUBRIC_VERSION names this text: a judge's edits are judged once per version.

export const RUBRIC_VERSION = "pico-rubric-1";

const CRITERION_GUIDE: Record<(typeof CRITERIA)[number], string> = {
  compliance: "does the edited image do what the instruction asks, all of it and nothing else?",
  realism: "does the edited region look natural and physically plausible in its context?",
  preservation: "is everything the instruction did not ask to change kept as it was?",
  technical: "is the output free of artifacts, blur, distortion and broken details?",
};

export const SYSTEM_PROMPT = [
  "You judge text-guided image edits. You are shown a source image, then the edited output,",
  "and the instruction the edit was meant to follow. Score each criterion from 0 (fails",
  "completely) to 1 (perfect):",
  ...CRITERIA.map((criterion) => `- ${criterion} (${CRITERION_LABELS[criterion]}): ${CRITERION_GUIDE[criterion]}`),
  "Answer with one JSON object and nothing else:",
  `{${CRITERIA.map((criterion) => `"${criterion}": <0..1>`).join(", ")}, "rationale": "<one or two sentences>"}`,
].join("\n");

export function userText(instruction: string): string {
  return `Instruction: ${instruction}\nThe first image is the source, the second is the edited output.`;
}

export type JudgeAnswer = { scores: CriterionScores; rationale: string };

const unit = z.number().min(0).max(1);
const answerSchema = z.object({
  compliance: unit,
  realism: unit,
  preservation: unit,
  technical: unit,
  rationale: z.string().max(4000).optional(),
});

// The JSON object of an answer, also when the model wrapped it in a ```json fence or put
// words around it: the first "{" to the last "}".
export function parseAnswer(text: string): { ok: true; answer: JudgeAnswer } | { ok: false; reason: string } {
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start === -1 || end < start) return { ok: false, reason: "no JSON object in the answer" };
  let json: unknown;
  try {
    json = JSON.parse(text.slice(start, end + 1));
  } catch (error) {
    return { ok: false, reason: `the answer's JSON does not parse: ${(error as Error).message}` };
  }
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, reason: `"${issue?.path.join(".") || "answer"}" ${issue?.message ?? "is invalid"}` };
  }
  const { rationale, ...scores } = parsed.data;
  return { ok: true, answer: { scores, rationale: rationale?.trim() ?? "" } };
}
