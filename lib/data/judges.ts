import "server-only";

import { pgPool } from "../db";
import { enqueueActivation, enqueueJudgeRun } from "../judges/queue";
import { STALLED_AFTER_SECONDS, type JudgeRunOptions } from "../judges/run";
import { webQueue } from "../jobs/web-queue";
import { CRITERIA, type Criterion } from "../scoring/scoring";
import { cohensKappa, type AgreementTable } from "../stats/agreement";

// Judge runs, the judges that have judged edits, and two judges compared on the edits both
// judged: what /judges shows.

export type JudgeRunView = {
  id: number;
  judge: string;
  model: string;
  baseUrl: string;
  rubricVersion: string;
  query: string;
  options: JudgeRunOptions;
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED" | "CANCELLED";
  stalled: boolean;
  total: number | null;
  skipped: number;
  judged: number;
  failed: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  costUsd: number;
  error: string | null;
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  // Seconds the run has taken (so far), for its rate and ETA.
  seconds: number | null;
};

export type JudgeFailureView = { editId: number; attempts: number; error: string; response: string | null };

type RunRow = Omit<JudgeRunView, "createdBy" | "createdAt" | "startedAt" | "finishedAt"> & {
  creatorId: number | null;
  creatorName: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

const SELECT = `SELECT r."id", r."judge", r."model", r."baseUrl", r."rubricVersion", r."query", r."options", r."status",
    r."status" = 'RUNNING' AND r."heartbeatAt" < now() - make_interval(secs => ${STALLED_AFTER_SECONDS}) AS stalled,
    r."total", r."skipped", r."judged", r."failed", r."requests", r."promptTokens", r."completionTokens", r."costUsd",
    r."error", r."createdById" AS "creatorId", u."name" AS "creatorName", r."createdAt", r."startedAt", r."finishedAt",
    extract(epoch FROM COALESCE(r."finishedAt", r."heartbeatAt") - r."startedAt")::float AS seconds
  FROM "JudgeRun" r LEFT JOIN "User" u ON u."id" = r."createdById"`;

function view(row: RunRow): JudgeRunView {
  const { creatorId, creatorName, ...rest } = row;
  return {
    ...rest,
    createdBy: creatorId === null ? null : { id: creatorId, name: creatorName ?? "" },
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listJudgeRuns(limit = 50): Promise<JudgeRunView[]> {
  const { rows } = await pgPool().query<RunRow>(`${SELECT} ORDER BY r."id" DESC LIMIT $1`, [limit]);
  return rows.map(view);
}

export async function getJudgeRun(id: number): Promise<(JudgeRunView & { failures: JudgeFailureView[] }) | null> {
  const pool = pgPool();
  const [{ rows }, { rows: failures }] = await Promise.all([
    pool.query<RunRow>(`${SELECT} WHERE r."id" = $1`, [id]),
    pool.query<JudgeFailureView>(
      `SELECT "editId", "attempts", "error", "response" FROM "JudgeFailure" WHERE "runId" = $1 ORDER BY "editId" LIMIT 100`,
      [id],
    ),
  ]);
  return rows[0] ? { ...view(rows[0]), failures } : null;
}

export async function queueJudgeRun(id: number): Promise<void> {
  await enqueueJudgeRun(await webQueue(), id);
}

export async function queueActivation(id: number): Promise<void> {
  await enqueueActivation(await webQueue(), id);
}

export type JudgeSummary = { judge: string; edits: number; scored: number; passed: number; lastAt: string };

// The newest change of the active judge, with the progress of deriving verdicts again.
export type ActivationView = {
  id: number;
  judge: string | null;
  previous: string | null;
  status: JudgeRunView["status"];
  total: number | null;
  done: number;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
};

export async function activeJudge(): Promise<{ active: string | null; activation: ActivationView | null }> {
  const { rows } = await pgPool().query<
    Omit<ActivationView, "createdAt" | "finishedAt"> & {
      createdAt: Date;
      finishedAt: Date | null;
    }
  >(
    `SELECT a."id", a."judge", a."previous", a."status", a."total", a."done", a."error", u."name" AS "createdBy",
            a."createdAt", a."finishedAt"
     FROM "JudgeActivation" a LEFT JOIN "User" u ON u."id" = a."createdById" ORDER BY a."id" DESC LIMIT 1`,
  );
  const row = rows[0];
  if (!row) return { active: null, activation: null };
  return {
    active: row.judge,
    activation: { ...row, createdAt: row.createdAt.toISOString(), finishedAt: row.finishedAt?.toISOString() ?? null },
  };
}

// Every judge with the edits it judged, those with criteria, and those it passed.
export async function listJudges(): Promise<JudgeSummary[]> {
  const { rows } = await pgPool().query<Omit<JudgeSummary, "lastAt"> & { lastAt: Date }>(
    `SELECT "judge", count(*)::int AS edits, count("compliance")::int AS scored,
            count(*) FILTER (WHERE "passed")::int AS passed, max("createdAt") AS "lastAt"
     FROM "Judgement" GROUP BY "judge" ORDER BY count(*) DESC, "judge"`,
  );
  return rows.map((row) => ({ ...row, lastAt: row.lastAt.toISOString() }));
}

type Figures = {
  edits: number;
  table: AgreementTable;
  agreement: number | null;
  kappa: number | null;
  // Mean of (a - b) over the edits both scored with criteria, per criterion and overall.
  meanDifference: Record<Criterion | "overall", number | null>;
};

export type JudgeComparison = Figures & {
  a: string;
  b: string;
  byType: ({ editTypeId: number | null; editType: string | null } & Figures)[];
  // Edits where the two verdicts differ, the largest overall gap first.
  disagreements: { editId: number; editType: string | null; a: boolean; b: boolean; gap: number | null }[];
};

type GroupRow = {
  editTypeId: number | null;
  editType: string | null;
  pp: number;
  pf: number;
  fp: number;
  ff: number;
} & Record<`d_${Criterion | "overall"}`, number | null>;

function figures(row: GroupRow): Figures {
  const table = { passPass: row.pp, passFail: row.pf, failPass: row.fp, failFail: row.ff };
  const edits = row.pp + row.pf + row.fp + row.ff;
  return {
    edits,
    table,
    agreement: edits === 0 ? null : (row.pp + row.ff) / edits,
    kappa: cohensKappa(table),
    meanDifference: Object.fromEntries(
      (["overall", ...CRITERIA] as const).map((key) => [key, row[`d_${key}`]]),
    ) as Figures["meanDifference"],
  };
}

const DISAGREEMENTS_SHOWN = 100;

// Judges a and b on the edits both judged: verdict agreement and Cohen's kappa, the mean
// difference of each criterion (a - b) where both gave criteria, overall and per edit type.
export async function compareJudges(a: string, b: string): Promise<JudgeComparison> {
  const both = `FROM "Judgement" ja JOIN "Judgement" jb ON jb."editId" = ja."editId" AND jb."judge" = $2
    JOIN "Edit" e ON e."id" = ja."editId" LEFT JOIN "EditType" et ON et."id" = e."editTypeId"
    WHERE ja."judge" = $1`;
  const measures = `count(*) FILTER (WHERE ja."passed" AND jb."passed")::int AS pp,
    count(*) FILTER (WHERE ja."passed" AND NOT jb."passed")::int AS pf,
    count(*) FILTER (WHERE NOT ja."passed" AND jb."passed")::int AS fp,
    count(*) FILTER (WHERE NOT ja."passed" AND NOT jb."passed")::int AS ff,
    ${["overall", ...CRITERIA].map((key) => `avg(ja."${key}" - jb."${key}")::float AS d_${key}`).join(", ")}`;
  const pool = pgPool();
  const [{ rows: types }, { rows: disagreements }] = await Promise.all([
    pool.query<GroupRow>(
      `SELECT e."editTypeId", et."name" AS "editType", ${measures} ${both}
       GROUP BY GROUPING SETS ((e."editTypeId", et."name"), ()) ORDER BY GROUPING(e."editTypeId") DESC, et."name"`,
      [a, b],
    ),
    pool.query<JudgeComparison["disagreements"][number]>(
      `SELECT ja."editId", et."name" AS "editType", ja."passed" AS a, jb."passed" AS b,
              abs(ja."overall" - jb."overall")::float AS gap
       ${both} AND ja."passed" <> jb."passed"
       ORDER BY abs(ja."overall" - jb."overall") DESC NULLS LAST, ja."editId" LIMIT ${DISAGREEMENTS_SHOWN}`,
      [a, b],
    ),
  ]);
  // GROUPING SETS puts the grand total first (GROUPING = 1), then one row per type.
  const [total, ...perType] = types;
  const empty: GroupRow = {
    editTypeId: null,
    editType: null,
    pp: 0,
    pf: 0,
    fp: 0,
    ff: 0,
    d_overall: null,
    d_compliance: null,
    d_realism: null,
    d_preservation: null,
    d_technical: null,
  };
  return {
    a,
    b,
    ...figures(total ?? empty),
    byType: perType.map((row) => ({ editTypeId: row.editTypeId, editType: row.editType, ...figures(row) })),
    disagreements,
  };
}
