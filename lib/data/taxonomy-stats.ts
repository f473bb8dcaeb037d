import "server-only";

import { db } from "../db";
import { CRITERIA, type Criterion } from "../scoring/scoring";
import { addTables, emptyTable, type AgreementTable } from "../stats/agreement";
import { countJudgeHumanTables } from "./agreement";
import { cached } from "./changes";
import { allEditsCube } from "./edits";
import { scoreTable } from "./score-table";
import { getTaxonomy } from "./taxonomy";

// Per edit type (and summed per category): edits by subset, judge and effective pass
// counts, reviewed edits, judge against human verdict on them (lib/data/agreement.ts), and
// the criteria of the newest judgements (sum and count, so that categories can average
// their types correctly).
export type TypeFigures = {
  sft: number;
  preference: number;
  multiTurn: number;
  judged: number;
  judgePassed: number;
  effectiveJudged: number;
  effectivePassed: number;
  reviewed: number;
  scored: number;
  criterionSums: Record<Criterion, number>;
  judgeHuman: AgreementTable;
};
export type TaxonomyStats = {
  id: number;
  name: string;
  figures: TypeFigures;
  // The paper's success rate of the type, where it gives one (13 of 35 types).
  types: { id: number; name: string; paperSuccessRate: number | null; figures: TypeFigures }[];
}[];

const empty = (): TypeFigures => ({
  sft: 0,
  preference: 0,
  multiTurn: 0,
  judged: 0,
  judgePassed: 0,
  effectiveJudged: 0,
  effectivePassed: 0,
  reviewed: 0,
  scored: 0,
  criterionSums: { compliance: 0, realism: 0, preservation: 0, technical: 0 },
  judgeHuman: emptyTable(),
});

function add(into: TypeFigures, more: TypeFigures): TypeFigures {
  const sum = { ...into, criterionSums: { ...into.criterionSums } };
  for (const key of [
    "sft",
    "preference",
    "multiTurn",
    "judged",
    "judgePassed",
    "effectiveJudged",
    "effectivePassed",
    "reviewed",
    "scored",
  ] as const)
    sum[key] += more[key];
  for (const criterion of CRITERIA) sum.criterionSums[criterion] += more.criterionSums[criterion];
  sum.judgeHuman = addTables(into.judgeHuman, more.judgeHuman);
  return sum;
}

// The paper's figures per edit type: they change only by migration.
const readPaperRates = (): Promise<Map<number, number | null>> =>
  cached("taxonomy: paper success rates", ["EditType"], async () => {
    const types = await db.editType.findMany({ select: { id: true, paperSuccessRate: true } });
    return new Map(types.map((type) => [type.id, type.paperSuccessRate]));
  });

// Subset and verdict counts sum the cube of all edits (the trigger-kept EditFacetCount);
// the criteria come from the in-memory score table (lib/data/score-table.ts); judge against
// human starts from the reviews. None scans "Edit".
export async function getTaxonomyStats(): Promise<TaxonomyStats> {
  const [cube, table, taxonomy, judgeHuman, paperRates] = await Promise.all([
    allEditsCube(),
    scoreTable(),
    getTaxonomy(),
    countJudgeHumanTables(),
    readPaperRates(),
  ]);
  const byType = new Map<number, TypeFigures>();
  for (const row of cube) {
    if (row.type === null) continue;
    const figures = byType.get(row.type) ?? {
      ...empty(),
      scored: table.byType.get(row.type)?.scored ?? 0,
      criterionSums: table.byType.get(row.type)?.sums ?? empty().criterionSums,
      judgeHuman: judgeHuman.byType.get(row.type) ?? emptyTable(),
    };
    const n = Number(row.count);
    if (row.origin === "SFT") figures.sft += n;
    else if (row.origin === "MULTI_TURN") figures.multiTurn += n;
    else figures.preference += n;
    if (row.judge !== null) figures.judged += n;
    if (row.judge === "PASS") figures.judgePassed += n;
    if (row.effective !== null) figures.effectiveJudged += n;
    if (row.effective === "PASS") figures.effectivePassed += n;
    if (row.human !== null) figures.reviewed += n;
    byType.set(row.type, figures);
  }
  return taxonomy.map((category) => {
    const types = category.types.map((type) => ({
      ...type,
      paperSuccessRate: paperRates.get(type.id) ?? null,
      figures: byType.get(type.id) ?? empty(),
    }));
    return {
      id: category.id,
      name: category.name,
      figures: types.reduce((sum, type) => add(sum, type.figures), empty()),
      types,
    };
  });
}
