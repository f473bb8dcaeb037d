import "server-only";

import pg from "pg";

import { appDatabaseUrl } from "../db";
import { env } from "../env";
import type { WhatIf } from "../schemas/what-if-params";
import { overallScorer, type Criterion } from "../scoring/scoring";
import { cached } from "./changes";

// The judge's scores of every scored edit, held in memory as columns: its type and its
// four criteria, with each type's counts and criterion sums. Read once from "Edit" and again only after
// an import or a judge changes scores (lib/data/changes.ts), it answers the what-if
// control for any rule with one loop over typed arrays, a few milliseconds for the full
// release, where an aggregate over "Edit" took 0.4 s per slider move. 634K edits take
// about 25 MB.

export type TypeScores = { scored: number; judgePassed: number; sums: Record<Criterion, number> };
export type ScoreTable = {
  size: number;
  type: Int32Array;
  criteria: Record<Criterion, Float64Array>;
  // What does not depend on a rule, per type, counted once at load.
  byType: Map<number, TypeScores>;
};

// The load's own bound, not a request's (STATEMENT_TIMEOUT_MS): it reads every scored edit
// once per change of the scores, and its time includes handing 382K rows to a process that
// may be serving others. Under bench:browse's 32 clients on a 2-core machine it passed 5 s,
// and every what-if and taxonomy page waiting on it failed with it.
const LOAD_TIMEOUT_MS = 60_000;

// Edits with a type and all four criteria: what the what-if counts and the criterion
// means are over.
async function loadScoreTable(): Promise<ScoreTable> {
  const client = new pg.Client({
    connectionString: appDatabaseUrl(),
    statement_timeout: Math.max(env().STATEMENT_TIMEOUT_MS, LOAD_TIMEOUT_MS),
  });
  await client.connect();
  try {
    const { rows } = await client.query<[number, boolean, number, number, number, number]>({
      text: `SELECT "editTypeId", "judgeVerdict" = 'PASS' IS TRUE, "compliance", "realism", "preservation", "technical"
             FROM "Edit"
             WHERE "editTypeId" IS NOT NULL AND "compliance" IS NOT NULL AND "realism" IS NOT NULL
               AND "preservation" IS NOT NULL AND "technical" IS NOT NULL`,
      rowMode: "array",
    });
    const size = rows.length;
    const table: ScoreTable = {
      size,
      type: new Int32Array(size),
      criteria: {
        compliance: new Float64Array(size),
        realism: new Float64Array(size),
        preservation: new Float64Array(size),
        technical: new Float64Array(size),
      },
      byType: new Map(),
    };
    const { compliance, realism, preservation, technical } = table.criteria;
    rows.forEach(([type, passed, c, r, p, t], i) => {
      table.type[i] = type;
      compliance[i] = c;
      realism[i] = r;
      preservation[i] = p;
      technical[i] = t;
      let figures = table.byType.get(type);
      if (!figures) {
        figures = { scored: 0, judgePassed: 0, sums: { compliance: 0, realism: 0, preservation: 0, technical: 0 } };
        table.byType.set(type, figures);
      }
      figures.scored++;
      if (passed) figures.judgePassed++;
      figures.sums.compliance += c;
      figures.sums.realism += r;
      figures.sums.preservation += p;
      figures.sums.technical += t;
    });
    return table;
  } finally {
    await client.end();
  }
}

export const scoreTable = (): Promise<ScoreTable> => cached("score table", ["Edit"], loadScoreTable);

// Per edit type, the edits that pass under the rule: one loop over the columns, about
// 4 ms at full size. Overalls are rounded as the scoring module rounds them only near
// the threshold, where rounding can change the verdict. The counts of the last rules
// asked are kept with the table they were counted from, so the taxonomy page's default
// rule is counted once per change of scores.
const RULES_KEPT = 256;
const counted = new WeakMap<ScoreTable, Map<string, Map<number, number>>>();

export function countPasses(table: ScoreTable, rule: WhatIf): Map<number, number> {
  const key = JSON.stringify([rule.threshold, rule.normalized]);
  const kept = counted.get(table) ?? new Map<string, Map<number, number>>();
  counted.set(table, kept);
  const hit = kept.get(key);
  if (hit) return hit;
  const passes = loopPasses(table, rule);
  if (kept.size >= RULES_KEPT) kept.delete(kept.keys().next().value as string);
  kept.set(key, passes);
  return passes;
}

function loopPasses(table: ScoreTable, rule: WhatIf): Map<number, number> {
  const score = overallScorer(rule.normalized);
  const { compliance: wc, realism: wr, preservation: wp, technical: wt } = rule.normalized;
  const { threshold } = rule;
  const near = 1e-6;
  const { compliance, realism, preservation, technical } = table.criteria;
  const passes = new Int32Array(Math.max(0, ...table.byType.keys()) + 1);
  for (let i = 0; i < table.size; i++) {
    const c = compliance[i] as number;
    const r = realism[i] as number;
    const p = preservation[i] as number;
    const t = technical[i] as number;
    const raw = wc * c + wr * r + wp * p + wt * t;
    if (raw < threshold - near) continue;
    if (raw < threshold + near && score(c, r, p, t) < threshold) continue;
    const type = table.type[i] as number;
    passes[type] = (passes[type] as number) + 1;
  }
  return new Map([...table.byType.keys()].map((type) => [type, passes[type] ?? 0]));
}
