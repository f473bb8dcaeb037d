import "server-only";

import { db } from "../db";
import { SCORE_KEYS, type ScoreKey } from "../scoring/scoring";
import { emptyTable, meanAbsoluteDifference, spearman, type AgreementTable } from "../stats/agreement";
import { cached } from "./changes";

// How far the judge and the annotators agree (/review/stats, and a column of /taxonomy).
// Every query starts from "Review": reviews are few (hundreds to thousands) where edits are
// 634K, so each reads the reviewed edits by primary key and never scans "Edit": on 634K
// edits with 3,000 reviewed, the judge-against-human counts took 26 ms, a scan of "Edit"
// 430 ms. Cached until a review is written or the judge's verdicts or scores change.

const TABLES = ["Review", "Edit"] as const;

// Judge (first) against human (second) verdict, over the edits that have both.
export type JudgeHumanTables = {
  overall: AgreementTable;
  byCategory: Map<number, AgreementTable>;
  byType: Map<number, AgreementTable>;
};

export type CorrectionFigures = {
  score: ScoreKey;
  // Reviews that corrected scores, on edits the judge scored.
  n: number;
  meanAbsoluteCorrection: number | null;
  spearman: number | null;
};

type TableRow = AgreementTable & { level: number; category: number | null; type: number | null };

// GROUPING's bits for (category, type): 0 a type's row, 1 a category's, 3 all edits.
const TYPE_ROW = 0;
const CATEGORY_ROW = 1;
const ALL_ROW = 3;

// The 2×2 table of judge and human verdict per edit type, per category and over all
// reviewed edits (those without an edit type, multi-turn turns, count in the last only).
// Edit's humanVerdict is its newest review's verdict, null when taken back.
export const countJudgeHumanTables = (): Promise<JudgeHumanTables> =>
  cached("agreement: judge and human", TABLES, async () => {
    const rows = await db.$queryRaw<TableRow[]>`
      SELECT GROUPING(t."categoryId", e."editTypeId")::int AS level, t."categoryId" AS category, e."editTypeId" AS type,
             count(*) FILTER (WHERE e."judgeVerdict" = 'PASS' AND e."humanVerdict" = 'PASS')::int AS "passPass",
             count(*) FILTER (WHERE e."judgeVerdict" = 'PASS' AND e."humanVerdict" = 'FAIL')::int AS "passFail",
             count(*) FILTER (WHERE e."judgeVerdict" = 'FAIL' AND e."humanVerdict" = 'PASS')::int AS "failPass",
             count(*) FILTER (WHERE e."judgeVerdict" = 'FAIL' AND e."humanVerdict" = 'FAIL')::int AS "failFail"
      FROM (SELECT DISTINCT "editId" FROM "Review") r
      JOIN "Edit" e ON e."id" = r."editId"
      LEFT JOIN "EditType" t ON t."id" = e."editTypeId"
      WHERE e."judgeVerdict" IS NOT NULL AND e."humanVerdict" IS NOT NULL
      GROUP BY GROUPING SETS ((t."categoryId", e."editTypeId"), (t."categoryId"), ())`;
    const tables: JudgeHumanTables = { overall: emptyTable(), byCategory: new Map(), byType: new Map() };
    for (const { level, category, type, ...table } of rows) {
      if (level === TYPE_ROW && type !== null) tables.byType.set(type, table);
      else if (level === CATEGORY_ROW && category !== null) tables.byCategory.set(category, table);
      else if (level === ALL_ROW) tables.overall = table;
    }
    return tables;
  });

type CorrectionRow = Record<ScoreKey, number | null> & { [K in ScoreKey as `judge_${K}`]: number | null };

// Per score, over the edits whose newest review corrected scores: how far the annotators
// moved the judge's score, and whether they kept its order of the edits. A review stores all
// four criteria once any is corrected (the judge's where kept), so kept criteria count as
// corrections of 0.
export const summarizeCorrections = (): Promise<CorrectionFigures[]> =>
  cached("agreement: corrections", TABLES, async () => {
    const rows = await db.$queryRaw<CorrectionRow[]>`
      SELECT r."overall", r."compliance", r."realism", r."preservation", r."technical",
             e."overall" AS "judge_overall", e."compliance" AS "judge_compliance", e."realism" AS "judge_realism",
             e."preservation" AS "judge_preservation", e."technical" AS "judge_technical"
      FROM (SELECT DISTINCT ON ("editId") "editId", "overall", "compliance", "realism", "preservation", "technical"
            FROM "Review" ORDER BY "editId", "id" DESC) r
      JOIN "Edit" e ON e."id" = r."editId"
      WHERE r."overall" IS NOT NULL`;
    return SCORE_KEYS.map((score) => {
      const pairs = rows.filter((row) => row[`judge_${score}`] !== null && row[score] !== null);
      const judge = pairs.map((row) => row[`judge_${score}`] as number);
      const corrected = pairs.map((row) => row[score] as number);
      return {
        score,
        n: pairs.length,
        meanAbsoluteCorrection: meanAbsoluteDifference(corrected, judge),
        spearman: spearman(judge, corrected),
      };
    });
  });

// The 2×2 table of two annotators' verdicts on the edits that two or more reviewed: per
// edit, the first two reviewers (by their first review of it) that hold a verdict on it.
// A reviewer's verdict is their newest review that is not an undo and that no undo took
// back: an undo restores someone else's verdict, which is not the undoer's own. lead()
// pairs each edit's first reviewer with the second in one pass: over 3,300 reviews a
// self-join of the ranked rows took 515 ms (a nested loop), this 11 ms.
export const countAnnotatorTable = (): Promise<AgreementTable> =>
  cached("agreement: annotators", TABLES, async () => {
    const [table] = await db.$queryRaw<AgreementTable[]>`
      WITH own AS (
        SELECT DISTINCT ON (r."editId", r."reviewerId") r."editId", r."verdict",
               min(r."id") OVER (PARTITION BY r."editId", r."reviewerId") AS "firstId"
        FROM "Review" r
        WHERE r."undoOfId" IS NULL AND NOT EXISTS (SELECT 1 FROM "Review" u WHERE u."undoOfId" = r."id")
        ORDER BY r."editId", r."reviewerId", r."id" DESC
      ), paired AS (
        SELECT "verdict" AS first, lead("verdict") OVER w AS second, row_number() OVER w AS rank
        FROM own WHERE "verdict" IS NOT NULL
        WINDOW w AS (PARTITION BY "editId" ORDER BY "firstId")
      )
      SELECT count(*) FILTER (WHERE first = 'PASS' AND second = 'PASS')::int AS "passPass",
             count(*) FILTER (WHERE first = 'PASS' AND second = 'FAIL')::int AS "passFail",
             count(*) FILTER (WHERE first = 'FAIL' AND second = 'PASS')::int AS "failPass",
             count(*) FILTER (WHERE first = 'FAIL' AND second = 'FAIL')::int AS "failFail"
      FROM paired WHERE rank = 1 AND second IS NOT NULL`;
    return table ?? emptyTable();
  });

export type Agreement = {
  judgeHuman: JudgeHumanTables;
  corrections: CorrectionFigures[];
  annotators: AgreementTable;
};

export async function getAgreement(): Promise<Agreement> {
  const [judgeHuman, corrections, annotators] = await Promise.all([
    countJudgeHumanTables(),
    summarizeCorrections(),
    countAnnotatorTable(),
  ]);
  return { judgeHuman, corrections, annotators };
}
