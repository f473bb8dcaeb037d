import type pg from "pg";
import { z } from "zod";

import { copyRows } from "../postgres/copy";
import { syncPreferencePairs } from "../curation/sync-pairs";
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

async function write(client: pg.ClientBase, records: { line: number; record: ScoreRecord }[]) {
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
  // The last line wins when a file scores the same edit twice with the same judge.
  const { rows: changed } = await client.query<{ line: number; edit_id: number }>(
    `WITH target AS (
       SELECT DISTINCT ON (e."id", s.judge) e."id" AS edit_id, s.*
       FROM score_stage s JOIN "Image" i ON i."uri" = s.output_uri JOIN "Edit" e ON e."outputImageId" = i."id"
       ORDER BY e."id", s.judge, s.line DESC
     ), written AS (
       INSERT INTO "Judgement" ("editId", "judge", "compliance", "realism", "preservation", "technical", "overall", "passed", "rationale")
       SELECT edit_id, judge, compliance, realism, preservation, technical, overall, passed, rationale FROM target
       ON CONFLICT ("editId", "judge") DO UPDATE SET
         "compliance" = EXCLUDED."compliance", "realism" = EXCLUDED."realism", "preservation" = EXCLUDED."preservation",
         "technical" = EXCLUDED."technical", "overall" = EXCLUDED."overall", "passed" = EXCLUDED."passed",
         "rationale" = EXCLUDED."rationale", "createdAt" = now()
       WHERE ("Judgement"."compliance", "Judgement"."realism", "Judgement"."preservation", "Judgement"."technical", "Judgement"."rationale")
             IS DISTINCT FROM (EXCLUDED."compliance", EXCLUDED."realism", EXCLUDED."preservation", EXCLUDED."technical", EXCLUDED."rationale")
       RETURNING "editId"
     )
     SELECT t.line, t.edit_id FROM written w JOIN target t ON t.edit_id = w."editId"`,
  );
  const editIds = [...new Set(changed.map((row) => row.edit_id))];
  const { rows: tasks } = await client.query<{ task_id: number }>(
    `UPDATE "Edit" e SET
       "judgeVerdict" = CASE WHEN j."passed" THEN 'PASS' ELSE 'FAIL' END::"Verdict",
       "overall" = j."overall",
       "compliance" = j."compliance", "realism" = j."realism", "preservation" = j."preservation", "technical" = j."technical",
       "effectiveVerdict" = COALESCE(e."humanVerdict", CASE WHEN j."passed" THEN 'PASS' ELSE 'FAIL' END::"Verdict")
     FROM (SELECT DISTINCT ON ("editId") "editId", "passed", "overall", "compliance", "realism", "preservation", "technical" FROM "Judgement" WHERE "editId" = ANY($1::int[]) ORDER BY "editId", "createdAt" DESC, "id" DESC) j
     WHERE e."id" = j."editId"
     RETURNING e."taskId" AS task_id`,
    [editIds],
  );
  await syncPreferencePairs(client, [...new Set(tasks.map((row) => row.task_id))]);

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
    { kind: "SCORES", parse: parseScoreLine, prepare, write: (client, records) => write(client, records) },
    options,
  );
  return { ...summary, disagreements: summary.notes };
}
