import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { assignSample, AssignmentInputError } from "../curation/assignments";
import { claimNext, DEFAULT_BAND } from "../curation/queue";
import { recordReview, undoReview, type Corrections } from "../curation/reviews";
import { inTransaction } from "../postgres/connection";
import { SCORE_KEYS } from "../scoring/scoring";
import {
  addTables,
  emptyTable,
  meanAbsoluteDifference,
  spearman,
  tableTotal,
  type AgreementTable,
} from "../stats/agreement";
import { countAnnotatorTable, countJudgeHumanTables, getAgreement, type Agreement } from "./agreement";
import { caughtUp, closeChangeFeed } from "./changes";

// The agreement figures against the run's demo database, after reviews of this file's own:
// reviews are committed and append-only, so the expectations are computed from the rows
// (an oracle in TypeScript over plain reads), and this file's reviews are checked as the
// change they make. The samples for second review run in transactions that roll back.

type V = "PASS" | "FAIL";
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const users: Record<"alice" | "bob" | "admin" | "viewer", number> = { alice: 0, bob: 0, admin: 0, viewer: 0 };
let before: Agreement;
let edits: { id: number; judge: V }[] = [];

const newestReview = async (editId: number): Promise<number | null> =>
  (await pool.query<{ id: number | null }>(`SELECT max("id") AS id FROM "Review" WHERE "editId" = $1`, [editId]))
    .rows[0]?.id ?? null;

async function review(who: "alice" | "bob", editId: number, verdict: V, scores?: Corrections): Promise<number> {
  const after = await newestReview(editId);
  const stored = await inTransaction(pool, (client) =>
    recordReview(client, users[who], { editId, verdict, scores, after }),
  );
  return stored.id;
}

beforeAll(async () => {
  const { rows } = await pool.query<{ email: string; id: number }>(
    `SELECT "email", "id" FROM "User" WHERE "email" LIKE '%@demo.local'`,
  );
  for (const row of rows) users[row.email.split("@")[0] as keyof typeof users] = row.id;
  before = await getAgreement();
  // Five scored edits that nobody has reviewed yet.
  edits = (
    await pool.query<{ id: number; judge: V }>(
      `SELECT e."id", e."judgeVerdict" AS judge FROM "Edit" e
       WHERE e."compliance" IS NOT NULL AND e."judgeVerdict" IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id")
       ORDER BY e."id" DESC LIMIT 5`,
    )
  ).rows;
  const [e1, e2, e3, e4, e5] = edits.map((edit) => edit.id) as [number, number, number, number, number];
  // Annotators disagree on e1 and agree on e2 and e5 (bob first there); on e3 bob takes his
  // verdict back, so only alice holds one; e4 has one reviewer.
  await review("alice", e1, "PASS", { compliance: 0.9 });
  await review("bob", e1, "FAIL");
  await review("alice", e2, "FAIL");
  await review("bob", e2, "FAIL", { realism: 0.2, technical: 0.3 });
  await review("alice", e3, "PASS");
  const bobOnE3 = await review("bob", e3, "PASS");
  await inTransaction(pool, (client) => undoReview(client, users.bob, bobOnE3));
  await review("alice", e4, "FAIL", { preservation: 0.1 });
  await review("bob", e5, "PASS");
  await review("alice", e5, "PASS");
  await caughtUp();
});

afterAll(async () => {
  await pool.end();
  await closeChangeFeed();
});

type EditRow = { id: number; type: number | null; category: number | null; judge: V | null; human: V | null };

const cell = (first: V, second: V): keyof AgreementTable =>
  `${first.toLowerCase()}${second === "PASS" ? "Pass" : "Fail"}` as keyof AgreementTable;

function tally(pairs: [V, V][]): AgreementTable {
  const table = emptyTable();
  for (const [first, second] of pairs) table[cell(first, second)] += 1;
  return table;
}

describe("countJudgeHumanTables", () => {
  it("counts judge against human verdict per type, per category and overall as the edits' own columns do", async () => {
    const { rows } = await pool.query<EditRow>(
      `SELECT e."id", e."editTypeId" AS type, t."categoryId" AS category, e."judgeVerdict" AS judge, e."humanVerdict" AS human
       FROM "Edit" e LEFT JOIN "EditType" t ON t."id" = e."editTypeId"
       WHERE e."judgeVerdict" IS NOT NULL AND e."humanVerdict" IS NOT NULL`,
    );
    const group = (key: (row: EditRow) => number | null) => {
      const tables = new Map<number, AgreementTable>();
      for (const row of rows) {
        const id = key(row);
        if (id !== null)
          tables.set(id, addTables(tables.get(id) ?? emptyTable(), tally([[row.judge as V, row.human as V]])));
      }
      return tables;
    };
    const tables = await countJudgeHumanTables();
    expect(tables.overall).toEqual(tally(rows.map((row) => [row.judge as V, row.human as V])));
    expect(tables.byType).toEqual(group((row) => row.type));
    expect(tables.byCategory).toEqual(group((row) => row.category));
    expect(tableTotal(tables.overall)).toBeGreaterThan(5);
  });

  it("takes in this file's reviews: each edit once, with its newest verdict", async () => {
    const human: V[] = ["FAIL", "FAIL", "PASS", "FAIL", "PASS"];
    const added = tally(edits.map((edit, i) => [edit.judge, human[i] as V]));
    const { overall } = await countJudgeHumanTables();
    expect(overall).toEqual(addTables(before.judgeHuman.overall, added));
  });
});

type ReviewRow = {
  id: number;
  editId: number;
  reviewerId: number;
  verdict: V | null;
  undoOfId: number | null;
} & Record<(typeof SCORE_KEYS)[number] | `judge_${(typeof SCORE_KEYS)[number]}`, number | null>;

const allReviews = async () =>
  (
    await pool.query<ReviewRow>(
      `SELECT r."id", r."editId", r."reviewerId", r."verdict", r."undoOfId",
              ${SCORE_KEYS.map((key) => `r."${key}", e."${key}" AS "judge_${key}"`).join(", ")}
       FROM "Review" r JOIN "Edit" e ON e."id" = r."editId" ORDER BY r."id"`,
    )
  ).rows;

const expectClose = (actual: number | null, expected: number | null) =>
  expected === null ? expect(actual).toBeNull() : expect(actual).toBeCloseTo(expected, 12);

describe("summarizeCorrections", () => {
  it("compares the judge's scores with those of each edit's newest review that corrected them", async () => {
    const newest = new Map<number, ReviewRow>();
    for (const row of await allReviews()) newest.set(row.editId, row);
    const corrected = [...newest.values()].filter((row) => row.overall !== null);
    const { corrections } = await getAgreement();
    expect(corrections.map((figure) => figure.score)).toEqual([...SCORE_KEYS]);
    for (const figure of corrections) {
      const pairs = corrected.filter((row) => row[`judge_${figure.score}`] !== null);
      const judge = pairs.map((row) => row[`judge_${figure.score}`] as number);
      const human = pairs.map((row) => row[figure.score] as number);
      expect(figure.n, figure.score).toBe(pairs.length);
      expectClose(figure.meanAbsoluteCorrection, meanAbsoluteDifference(human, judge));
      expectClose(figure.spearman, spearman(judge, human));
    }
  });

  it("counts e2 and e4, whose newest reviews corrected scores, and not e1, whose newest did not", async () => {
    const { corrections } = await getAgreement();
    for (const figure of corrections) {
      const was = before.corrections.find((other) => other.score === figure.score);
      expect(figure.n - (was?.n ?? 0), figure.score).toBe(2);
    }
  });
});

describe("countAnnotatorTable", () => {
  it("pairs the standing verdicts of each edit's first two reviewers", async () => {
    const reviews = await allReviews();
    const undone = new Set(reviews.map((row) => row.undoOfId));
    const byEdit = new Map<number, Map<number, { first: number; verdict: V | null }>>();
    for (const row of reviews) {
      if (row.undoOfId !== null || undone.has(row.id)) continue;
      const reviewers = byEdit.get(row.editId) ?? new Map();
      // Reviews come in id order: the first sets when the reviewer came, the newest the verdict.
      const own = reviewers.get(row.reviewerId) ?? { first: row.id, verdict: null };
      own.verdict = row.verdict;
      reviewers.set(row.reviewerId, own);
      byEdit.set(row.editId, reviewers);
    }
    const pairs: [V, V][] = [];
    for (const reviewers of byEdit.values()) {
      const standing = [...reviewers.values()].filter((own) => own.verdict !== null).sort((a, b) => a.first - b.first);
      if (standing.length >= 2) pairs.push([standing[0]?.verdict as V, standing[1]?.verdict as V]);
    }
    expect(await countAnnotatorTable()).toEqual(tally(pairs));
  });

  it("takes in e1 (pass, fail), e2 (fail, fail) and e5 (pass, pass), not e3 whose second verdict was undone", async () => {
    expect(await countAnnotatorTable()).toEqual(
      addTables(
        before.annotators,
        tally([
          ["PASS", "FAIL"],
          ["FAIL", "FAIL"],
          ["PASS", "PASS"],
        ]),
      ),
    );
  });
});

// Runs fn in a transaction that is rolled back: the samples leave nothing behind.
async function rolledBack(fn: (client: pg.PoolClient) => Promise<void>) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await fn(client);
  } finally {
    await client.query("ROLLBACK");
    client.release();
  }
}

const assignedTo = async (client: pg.ClientBase, userId: number) =>
  (
    await client.query<{ editId: number; type: number | null; human: V | null; reviewedByThem: boolean }>(
      `SELECT a."editId", e."editTypeId" AS type, e."humanVerdict" AS human,
              EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = a."editId" AND r."reviewerId" = a."userId") AS "reviewedByThem"
       FROM "ReviewAssignment" a JOIN "Edit" e ON e."id" = a."editId" WHERE a."userId" = $1`,
      [userId],
    )
  ).rows;

describe("assignSample", () => {
  it("sends the number asked of reviewed edits, once each", async () => {
    await rolledBack(async (client) => {
      // An annotator new to every edit, so that many fit.
      const { rows: made } = await client.query<{ id: number }>(
        `INSERT INTO "User" ("email", "name", "role") VALUES ('sample-${process.pid}@test.local', 'Sam', 'ANNOTATOR') RETURNING "id"`,
      );
      const userId = made[0]?.id as number;
      expect(await assignSample(client, { assignedById: users.admin, userId, count: 3 })).toBe(3);
      const rows = await assignedTo(client, userId);
      expect(rows).toHaveLength(3);
      expect(new Set(rows.map((row) => row.editId)).size).toBe(3);
      expect(rows.every((row) => row.human !== null)).toBe(true);
    });
  });

  it("sends every edit that fits when asked for more, then none: none the annotator reviewed, no edit twice", async () => {
    await rolledBack(async (client) => {
      const { rows } = await client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "Edit" e WHERE e."humanVerdict" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id" AND r."reviewerId" = $1)`,
        [users.alice],
      );
      const fits = rows[0]?.n as number;
      expect(fits).toBeGreaterThan(0);
      expect(await assignSample(client, { assignedById: users.admin, userId: users.alice, count: 500 })).toBe(fits);
      expect(await assignSample(client, { assignedById: users.admin, userId: users.alice, count: 500 })).toBe(0);
      const assigned = await assignedTo(client, users.alice);
      expect(assigned).toHaveLength(fits);
      expect(assigned.some((row) => row.reviewedByThem)).toBe(false);
      expect(assigned.map((row) => row.editId)).not.toContain(edits[0]?.id);
    });
  });

  it("keeps to the edit type asked for", async () => {
    await rolledBack(async (client) => {
      const { rows } = await client.query<{ type: number; n: number }>(
        `SELECT e."editTypeId" AS type, count(*)::int AS n FROM "Edit" e
         WHERE e."humanVerdict" IS NOT NULL AND e."editTypeId" IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id" AND r."reviewerId" = $1)
         GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
        [users.bob],
      );
      const { type, n } = rows[0] as { type: number; n: number };
      const sent = await assignSample(client, {
        assignedById: users.admin,
        userId: users.bob,
        count: 500,
        editTypeId: type,
      });
      expect(sent).toBe(n);
      expect((await assignedTo(client, users.bob)).every((row) => row.type === type)).toBe(true);
    });
  });

  it("reaches the annotator's queue before anything else", async () => {
    await rolledBack(async (client) => {
      // Claims other files left would come first, or keep the sample from bob.
      await client.query(`DELETE FROM "ReviewClaim"`);
      await assignSample(client, { assignedById: users.admin, userId: users.bob, count: 2 });
      const byId = (a: number, b: number) => a - b;
      const assigned = (await assignedTo(client, users.bob)).map((row) => row.editId).sort(byId);
      const claimed = await claimNext(client, users.bob, { filter: {}, band: DEFAULT_BAND }, 4);
      expect(claimed).toHaveLength(4);
      expect(claimed.slice(0, 2).sort(byId)).toEqual(assigned);
    });
  });

  it("refuses a viewer and an unknown user", async () => {
    await rolledBack(async (client) => {
      await expect(assignSample(client, { assignedById: users.admin, userId: users.viewer, count: 1 })).rejects.toThrow(
        AssignmentInputError,
      );
    });
    await rolledBack(async (client) => {
      await expect(
        assignSample(client, { assignedById: users.admin, userId: 2_147_483_647, count: 1 }),
      ).rejects.toThrow(/no user has id/);
    });
  });
});
