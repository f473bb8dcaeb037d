import type pg from "pg";
import { z } from "zod";

import { copyRows } from "../postgres/copy";
import { recordJudgements } from "../curation/judgements";
import { MAX_URI_LENGTH, normalizeImagePath } from "../pico/paths";
import { parseJsonLine, textField, typeOf } from "../pico/text";
import { CRITERIA, scoreEdit, ScoreError, type CriterionScores } from "../scoring/scoring";
import { runBatch, type BatchSummary, type Parsed, type RunOptions } from "./batch-runner";

// Judge scores from a sidecar JSONL file, one line per judged edit, keyed by the edit's
// output image as the record files name it:
//   {"output_image": "images/positive-edit/17.png", "judge": "gemini-2.5-pro",
//    "compliance": 0.9, "realism": 0.8, "preservation": 0.85, "technical": 0.9,
//    "overall": 0.865, "rationale": "..."}
// overall and rationale are optional. overall is always recomputed with the project's
// weights; a given overall that differs by more than 0.01 is reported. A judge's second
// score for the same edit replaces its first, and the newest judgement is the edit's.

export const OVERALL_TOLERANCE = 0.01;

export type ScoreRecord = {
  output: string;
  judge: string;
  scores: CriterionScores;
  overall: number;
  passed: boolean;
  rationale: string | null;
  givenOverall: number | null;
};

// JSON has no NaN or Infinity, but 1e400 parses as Infinity.
const score = z.number({
  error: (issue) =>
    issue.input === undefined || issue.input === null
      ? "is missing"
      : typeof issue.input === "number"
        ? `must be a finite number, got ${issue.input}`
        : `must be a number, got ${typeOf(issue.input)}`,
});
const scoreLine = z.object(
  {
    output_image: textField(MAX_URI_LENGTH, "name"),
    judge: textField(200, "name").refine((value) => value.trim() !== "", { error: "is empty" }),
    compliance: score,
    realism: score,
    preservation: score,
    technical: score,
    overall: score.optional(),
    rationale: textField(20_000, "prose").optional(),
  },
  { error: (issue) => `a score line must be a JSON object, got ${typeOf(issue.input)}` },
);

export function parseScoreLine(text: string): Parsed<ScoreRecord> {
  const json = parseJsonLine(text);
  if (!json.ok) return json;
  const parsed = scoreLine.safeParse(json.value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      reason: issue?.path.length ? `"${issue.path.join(".")}" ${issue.message}` : (issue?.message ?? "invalid line"),
    };
  }
  const data = parsed.data;
  const output = normalizeImagePath(data.output_image);
  if (!output.ok) return { ok: false, reason: `"output_image": ${output.reason}` };
  const scores = Object.fromEntries(CRITERIA.map((criterion) => [criterion, data[criterion]])) as CriterionScores;
  try {
    const { overall, passed } = scoreEdit(scores);
    return {
      ok: true,
      record: {
        output: output.uri,
        judge: data.judge.trim(),
        scores,
        overall,
        passed,
        rationale: data.rationale ?? null,
        givenOverall: data.overall ?? null,
      },
    };
  } catch (error) {
    if (error instanceof ScoreError) return { ok: false, reason: error.message };
    throw error;
  }
}

async function prepare(client: pg.ClientBase) {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS score_stage (
    line int, output_uri text, judge text, compliance float8, realism float8, preservation float8, technical float8,
    overall float8, passed bool, rationale text
  ) ON COMMIT DELETE ROWS`);
}

async function write(client: pg.ClientBase, records: { line: number; record: ScoreRecord }[], batchId: number) {
  await client.query("TRUNCATE score_stage");
  await copyRows(
    client,
    "score_stage",
    [
      "line",
      "output_uri",
      "judge",
      "compliance",
      "realism",
      "preservation",
      "technical",
      "overall",
      "passed",
      "rationale",
    ],
    records.map(({ line, record: r }) => [
      line,
      r.output,
      r.judge,
      r.scores.compliance,
      r.scores.realism,
      r.scores.preservation,
      r.scores.technical,
      r.overall,
      r.passed,
      r.rationale,
    ]),
  );
  const { rows: unknown } = await client.query<{ line: number; output_uri: string }>(
    `SELECT s.line, s.output_uri FROM score_stage s
     WHERE NOT EXISTS (SELECT 1 FROM "Image" i JOIN "Edit" e ON e."outputImageId" = i."id" WHERE i."uri" = s.output_uri)
     ORDER BY s.line`,
  );
  const changed = await recordJudgements(client, "score_stage", batchId);
  const notes = records
    .filter(
      ({ record }) =>
        record.givenOverall !== null && Math.abs(record.givenOverall - record.overall) > OVERALL_TOLERANCE,
    )
    .map(({ line, record }) => ({
      line,
      reason: `given overall ${record.givenOverall} differs from ${record.overall} (the weighted criteria) by ${Math.abs((record.givenOverall ?? 0) - record.overall).toFixed(4)}; imported with ${record.overall}`,
    }));
  return {
    newLines: new Set(changed.map((row) => row.line)),
    notes,
    rejected: unknown.map((row) => ({
      line: row.line,
      reason: `no edit has output image "${row.output_uri}"; import its record file first`,
    })),
  };
}

export type ScoresSummary = BatchSummary & { disagreements: BatchSummary["notes"] };

export async function importScores(url: string, file: string, options: RunOptions = {}): Promise<ScoresSummary> {
  const summary = await runBatch<ScoreRecord>(
    url,
    file,
    { kind: "SCORES", parse: parseScoreLine, prepare, write },
    options,
  );
  return { ...summary, disagreements: summary.notes };
}
