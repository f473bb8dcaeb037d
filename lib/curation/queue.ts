import type pg from "pg";

import { editFilterWhere } from "../sql/edit-filter";
import type { EditFilter } from "../schemas/edit-filter";
import type { Band } from "../schemas/review";
import { EDIT_TYPES, typeIdsOfCategories } from "../taxonomy/taxonomy";

// The review queue: the edits under a gallery filter that need a human. An edit needs one
// when the judge's overall falls in a band around the threshold, or when its criteria
// contradict its verdict: passed although a criterion is under CONTRADICTION.low, or failed
// although instruction compliance is CONTRADICTION.compliance or more. Unreviewed edits
// come first; edits types take turns, so that a large type cannot crowd out the rest;
// each annotator has an order of their own, stable across visits: every type is read in
// id order from a point of the id range that depends on the annotator, and types take
// turns from one that does too.
//
// An annotator claims the next few edits: a ReviewClaim row per edit, taken only where
// no live claim stands (the primary key decides between two annotators who pick the
// same edit at once), kept until the edit is reviewed or the claim expires.

export { DEFAULT_BAND, type Band } from "../schemas/review";
export const CONTRADICTION = { low: 0.5, compliance: 0.9 };
export const CLAIM_MINUTES = 15;
export const MAX_CLAIM = 20;

export type QueueOptions = {
  filter: EditFilter;
  band: Band;
  // Edits this annotator skipped in this session: not offered again.
  skip?: number[];
};

// Edits that need a human, as SQL over "Edit" e, from parameter `first` on.
export function needsReviewWhere(band: Band, first: number): { text: string; values: unknown[] } {
  return {
    text: `(e."overall" BETWEEN $${first} AND $${first + 1}
       OR (e."judgeVerdict" = 'PASS' AND LEAST(e."compliance", e."realism", e."preservation", e."technical") < $${first + 2})
       OR (e."judgeVerdict" = 'FAIL' AND e."compliance" >= $${first + 3}))`,
    values: [band.min, band.max, CONTRADICTION.low, CONTRADICTION.compliance],
  };
}

// A number in [0, 1) fixed per annotator, spreading annotators over the queue.
const spread = (userId: number, salt: number) => (((userId * 0.6180339887 + salt * 0.4142135623) % 1) + 1) % 1;

// The lanes of the queue: the edit types the filter allows, in paper order.
function lanesOf(filter: EditFilter): number[] {
  let types = EDIT_TYPES.map((type) => type.position);
  if (filter.types?.length) types = types.filter((id) => filter.types?.includes(id));
  if (filter.categories?.length) {
    const allowed = new Set(typeIdsOfCategories(filter.categories));
    types = types.filter((id) => allowed.has(id));
  }
  return types;
}

// Up to `count` edits of the queue in this annotator's order, not claimed by anyone live
// and not skipped. reviewed: false for edits without a human verdict, true for edits with
// one that this annotator has not reviewed.
async function candidates(
  client: pg.ClientBase,
  userId: number,
  options: QueueOptions,
  count: number,
  reviewed: boolean,
): Promise<number[]> {
  const lanes = lanesOf(options.filter);
  const { rows: bounds } = await client.query<{ max: number | null }>(`SELECT max("id") AS max FROM "Edit"`);
  const start = Math.floor(spread(userId, 1) * (bounds[0]?.max ?? 0));
  const rotation = Math.floor(spread(userId, 2) * lanes.length);
  const values: unknown[] = [lanes, start, count, options.skip ?? [], rotation, lanes.length, userId];
  const need = needsReviewWhere(options.band, values.length + 1);
  values.push(...need.values);
  const filter = editFilterWhere(options.filter, values.length + 1);
  values.push(...filter.values);
  const condition = `${need.text} AND ${filter.text}
    AND ${reviewed ? `e."humanVerdict" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id" AND r."reviewerId" = $7::int)` : `$7::int > 0 AND e."humanVerdict" IS NULL`}
    AND NOT (e."id" = ANY($4::int[]))
    AND NOT EXISTS (SELECT 1 FROM "ReviewClaim" c WHERE c."editId" = e."id" AND c."expiresAt" > now())`;
  const from = `"Edit" e${filter.usesTask ? ` JOIN "Task" t ON t."id" = e."taskId"` : ""}`;
  const { rows } = await client.query<{ id: number }>(
    `SELECT x."id" FROM unnest($1::int[]) WITH ORDINALITY AS l(lane, ord)
     CROSS JOIN LATERAL (
       SELECT u."id", row_number() OVER () AS rank FROM (
         (SELECT e."id" FROM ${from} WHERE e."editTypeId" = l.lane AND e."id" >= $2 AND ${condition} ORDER BY e."id" LIMIT $3)
         UNION ALL
         (SELECT e."id" FROM ${from} WHERE e."editTypeId" = l.lane AND e."id" < $2 AND ${condition} ORDER BY e."id" LIMIT $3)
       ) u LIMIT $3
     ) x
     ORDER BY x.rank, (l.ord + $5) % $6
     LIMIT $3`,
    values,
  );
  return rows.map((row) => row.id);
}

// The annotator's live claims, oldest first: the edits sent to them for a blind second
// review first.
async function liveClaims(client: pg.ClientBase, userId: number): Promise<number[]> {
  const { rows } = await client.query<{ editId: number }>(
    `SELECT c."editId" FROM "ReviewClaim" c
     WHERE c."userId" = $1 AND c."expiresAt" > now()
     ORDER BY EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."editId" = c."editId" AND a."userId" = $1) DESC,
              c."createdAt", c."editId"`,
    [userId],
  );
  return rows.map((row) => row.editId);
}

// Claims edits for the annotator, returning the ids that are now theirs. createdAt is the
// clock's, row by row, so that claims keep the queue's order.
async function take(client: pg.ClientBase, userId: number, editIds: number[]): Promise<number[]> {
  if (editIds.length === 0) return [];
  const { rows } = await client.query<{ editId: number }>(
    `INSERT INTO "ReviewClaim" ("editId", "userId", "expiresAt", "createdAt")
     SELECT id, $2, now() + make_interval(mins => $3), clock_timestamp() FROM unnest($1::int[]) AS id
     ON CONFLICT ("editId") DO UPDATE SET "userId" = EXCLUDED."userId", "expiresAt" = EXCLUDED."expiresAt", "createdAt" = EXCLUDED."createdAt"
     WHERE "ReviewClaim"."expiresAt" <= now() OR "ReviewClaim"."userId" = EXCLUDED."userId"
     RETURNING "editId"`,
    [editIds, userId, CLAIM_MINUTES],
  );
  return rows.map((row) => row.editId);
}

// Edits sent to this annotator for a second review that they have not reviewed since.
async function assigned(client: pg.ClientBase, userId: number, skip: number[]): Promise<number[]> {
  const { rows } = await client.query<{ editId: number }>(
    `SELECT a."editId" FROM "ReviewAssignment" a
     WHERE a."userId" = $1 AND NOT (a."editId" = ANY($2::int[]))
       AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = a."editId" AND r."reviewerId" = $1 AND r."createdAt" >= a."createdAt")
       AND NOT EXISTS (SELECT 1 FROM "ReviewClaim" c WHERE c."editId" = a."editId" AND c."expiresAt" > now() AND c."userId" <> $1)
     ORDER BY a."createdAt", a."editId" LIMIT ${MAX_CLAIM}`,
    [userId, skip],
  );
  return rows.map((row) => row.editId);
}

// The annotator's claims topped up to `size` edits (their live claims renewed, then edits
// sent to them, then the queue in their order), in the order to review them.
export async function claimNext(
  client: pg.ClientBase,
  userId: number,
  options: QueueOptions,
  size: number,
): Promise<number[]> {
  const skip = options.skip ?? [];
  await client.query(
    `UPDATE "ReviewClaim" SET "expiresAt" = now() + make_interval(mins => $2)
     WHERE "userId" = $1 AND "expiresAt" > now() AND NOT ("editId" = ANY($3::int[]))`,
    [userId, CLAIM_MINUTES, skip],
  );
  await client.query(`DELETE FROM "ReviewClaim" WHERE "userId" = $1 AND "editId" = ANY($2::int[])`, [userId, skip]);
  let held = await liveClaims(client, userId);
  if (held.length < size)
    await take(
      client,
      userId,
      (await assigned(client, userId, skip)).filter((id) => !held.includes(id)),
    );
  held = await liveClaims(client, userId);
  // Another annotator may take a candidate first; a few rounds make up for it.
  for (const reviewed of [false, true])
    for (let round = 0; round < 3 && held.length < size; round++) {
      const found = await candidates(client, userId, options, size - held.length, reviewed);
      if (found.length === 0) break;
      held = [...held, ...(await take(client, userId, found))];
    }
  return held;
}

// Gives the annotator's claims back to the queue.
export async function releaseClaims(client: pg.ClientBase, userId: number, editIds?: number[]): Promise<void> {
  await client.query(
    `DELETE FROM "ReviewClaim" WHERE "userId" = $1 AND ($2::int[] IS NULL OR "editId" = ANY($2::int[]))`,
    [userId, editIds ?? null],
  );
}
