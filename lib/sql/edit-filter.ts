import { CRITERIA, SCORE_KEYS } from "../scoring/scoring";
import { typeIdsOfCategories } from "../taxonomy/taxonomy";
import type { EditFilter, ScoreRange } from "../schemas/edit-filter";
import { FLAG_BITS } from "../signals/flags";

// The one translation of an EditFilter into SQL: a WHERE clause over "Edit" e (joined to
// "Task" t for the instruction text and source image when usesTask) with numbered parameters, so the
// same clause serves Prisma's $queryRawUnsafe and pg alike. Every value is a parameter;
// only column names, fixed here, are written into the text.

export type WhereClause = { text: string; values: unknown[]; usesTask: boolean };

export const ORIGINS = {
  sft: ["SFT"],
  preference: ["PREFERENCE_CHOSEN", "PREFERENCE_REJECTED"],
  "multi-turn": ["MULTI_TURN"],
} as const;

// The subset of an edit e, as SQL: the inverse of ORIGINS, for grouping.
export const SUBSET_OF_EDIT = `CASE e."origin" WHEN 'SFT' THEN 'sft' WHEN 'MULTI_TURN' THEN 'multi-turn' ELSE 'preference' END`;
const VERDICTS = { pass: "PASS", fail: "FAIL" } as const;

// Whether the filter keeps only edits with a score, which only judged edits have.
export const hasScoreRange = (filter: EditFilter) => SCORE_KEYS.some((field) => filter[field] !== undefined);
export const JUDGED_VERDICTS = Object.values(VERDICTS);

export function editFilterWhere(filter: EditFilter, firstParameter = 1): WhereClause {
  const conditions: string[] = [];
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${firstParameter + values.length - 1}`;
  };
  const verdict = (column: string, wanted: "pass" | "fail" | "none" | undefined) => {
    if (wanted === undefined) return;
    conditions.push(wanted === "none" ? `${column} IS NULL` : `${column} = ${param(VERDICTS[wanted])}::"Verdict"`);
  };
  const between = (expression: string, range: ScoreRange | undefined) => {
    if (range?.min !== undefined) conditions.push(`${expression} >= ${param(range.min)}`);
    if (range?.max !== undefined) conditions.push(`${expression} <= ${param(range.max)}`);
  };

  // One value is written as = so that an index on (column, id) yields rows in id order.
  const oneOf = (column: string, list: unknown[], type: string) =>
    list.length === 1 ? `${column} = ${param(list[0])}::${type}` : `${column} = ANY(${param(list)}::${type}[])`;
  if (filter.types?.length) conditions.push(oneOf(`e."editTypeId"`, filter.types, "int"));
  if (filter.categories?.length)
    conditions.push(oneOf(`e."editTypeId"`, typeIdsOfCategories(filter.categories), "int"));
  if (filter.subsets?.length)
    conditions.push(
      oneOf(
        `e."origin"`,
        filter.subsets.flatMap((subset) => ORIGINS[subset]),
        `"EditOrigin"`,
      ),
    );
  verdict(`e."judgeVerdict"`, filter.judge);
  verdict(`e."humanVerdict"`, filter.human);
  verdict(`e."effectiveVerdict"`, filter.effective);
  between(`e."overall"`, filter.overall);
  for (const criterion of CRITERIA) between(`e."${criterion}"`, filter[criterion]);
  // Implied by any score (the Edit_scores_need_verdict constraint), and said outright so
  // that id-ordered pages can read judged edits by verdict (see splitOf in gallery.ts).
  if (filter.judge === undefined && hasScoreRange(filter)) conditions.push(`e."judgeVerdict" IS NOT NULL`);
  if (filter.reviewed !== undefined)
    conditions.push(filter.reviewed ? `e."humanVerdict" IS NOT NULL` : `e."humanVerdict" IS NULL`);
  if (filter.q !== undefined) {
    const pattern = param(`%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    conditions.push(`e."taskId" IN (SELECT "taskId" FROM "TaskSearch" WHERE "folded" LIKE lower(${pattern}))`);
  }
  if (filter.source !== undefined) conditions.push(`t."sourceImageId" = ${param(filter.source)}`);
  if (filter.sequence !== undefined)
    conditions.push(
      `EXISTS (SELECT 1 FROM "SequenceTurn" st WHERE st."editId" = e."id" AND st."sequenceId" = ${param(filter.sequence)})`,
    );
  if (filter.batch !== undefined) conditions.push(`e."importBatchId" = ${param(filter.batch)}`);
  if (filter.disagree?.length)
    conditions.push(
      `e."id" IN (SELECT j."editId" FROM "Judgement" j WHERE j."judge" = ANY(${param(filter.disagree)}::text[])
         GROUP BY j."editId" HAVING count(*) = ${param(filter.disagree.length)} AND bool_or(j."passed") <> bool_and(j."passed"))`,
    );
  if (filter.flags?.length) {
    const mask = filter.flags.reduce((bits, flag) => bits | (flag === "unmeasured" ? 0 : FLAG_BITS[flag]), 0);
    const either = [
      ...(mask ? [`(e."signalFlags" & ${param(mask)}::smallint) <> 0`] : []),
      ...(filter.flags.includes("unmeasured") ? [`e."signalFlags" IS NULL`] : []),
    ];
    conditions.push(either.length === 1 ? either[0]! : `(${either.join(" OR ")})`);
  }
  return { text: conditions.length ? conditions.join(" AND ") : "TRUE", values, usesTask: filter.source !== undefined };
}
