import crypto from "node:crypto";

import type pg from "pg";

import { editFilterWhere } from "../sql/edit-filter";
import type { EditFilter } from "../schemas/edit-filter";
import type { Band } from "../schemas/review";
import { EDIT_TYPES, typeIdsOfCategories } from "../taxonomy/taxonomy";

// The review queue: the edits under a gallery filter that need a human. An edit needs one
// when the judge's overall falls in a band around the threshold, when its criteria
// contradict its verdict (passed although a criterion is under CONTRADICTION.low, or failed
// although instruction compliance is CONTRADICTION.compliance or more), or when its pixels
// do: passed although its change signals (lib/signals) call it a no-op or an over-edit,
// "the judge passed it but nothing changed". Unreviewed edits
// come first; edits types take turns, so that a large type cannot crowd out the rest;
// each annotator has an order of their own, stable across visits: every type is read in
// id order from a point of its id range that depends on the annotator, and types take
// turns from one that does too. Annotators thus start far apart in each type, and rarely
// pick the same edit at once.
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
       OR (e."judgeVerdict" = 'FAIL' AND e."compliance" >= $${first + 3})
       OR (e."judgeVerdict" = 'PASS' AND EXISTS (SELECT 1 FROM "EditSignal" s WHERE s."editId" = e."id" AND (s."noOp" OR s."overEdit"))))`,
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

// Claims up to `count` edits of the queue in this annotator's order, not claimed by anyone
// live and not skipped, and returns them in that order. reviewed: false for edits without
// a human verdict, true for edits with one that this annotator has not reviewed.
async function claimFromQueue(
  client: pg.ClientBase,
  userId: number,
  options: QueueOptions,
  count: number,
  reviewed: boolean,
  done: number,
): Promise<number[]> {
  const lanes = lanesOf(options.filter);
  // The first lane moves on with every verdict of the day (done), so that successive
  // claims begin at successive types.
  const rotation = (Math.floor(spread(userId, 2) * lanes.length) + done) % Math.max(lanes.length, 1);
  const rotated = [...lanes.slice(rotation), ...lanes.slice(0, rotation)];
  // The lanes whose turn it is, with a few to spare for lanes that run dry; all of them
  // when that is not enough.
  const first = await fromLanes(client, userId, options, rotated.slice(0, count + 5), count, reviewed);
  if (first.length >= count || rotated.length <= count + 5) return first;
  return [
    ...first,
    ...(await fromLanes(client, userId, options, rotated.slice(count + 5), count - first.length, reviewed)),
  ];
}

// Claims up to `count` edits from these lanes, taking turns in the order given.
async function fromLanes(
  client: pg.ClientBase,
  userId: number,
  options: QueueOptions,
  lanes: number[],
  count: number,
  reviewed: boolean,
): Promise<number[]> {
  // Each lane gives as many as the claim needs were the lanes to share it evenly, and one
  // more for a lane that comes up short.
  const perLane = Math.ceil(count / Math.max(lanes.length, 1)) + 1;
  const values: unknown[] = [lanes, spread(userId, 1), perLane, options.skip ?? [], userId, count, CLAIM_MINUTES];
  const need = needsReviewWhere(options.band, values.length + 1);
  values.push(...need.values);
  const filter = editFilterWhere(options.filter, values.length + 1);
  values.push(...filter.values);
  const condition = `${need.text} AND ${filter.text}
    AND ${reviewed ? `e."humanVerdict" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id" AND r."reviewerId" = $5::int)` : `$5::int > 0 AND e."humanVerdict" IS NULL AND e."judgeVerdict" IS NOT NULL`}
    AND NOT (e."id" = ANY($4::int[]))
    AND NOT EXISTS (SELECT 1 FROM "ReviewClaim" c WHERE c."editId" = e."id" AND c."expiresAt" > now())`;
  const from = `"Edit" e${filter.usesTask ? ` JOIN "Task" t ON t."id" = e."taskId"` : ""}`;
  // The candidates claimed in the same statement, in id order as take() writes them.
  const text = `WITH picked AS (
     SELECT x."id", row_number() OVER (ORDER BY x.rank, l.ord) AS position
     FROM unnest($1::int[]) WITH ORDINALITY AS l(lane, ord)
     CROSS JOIN LATERAL (
       SELECT lo + floor($2::float8 * (hi - lo))::int AS start
       FROM (SELECT min("id") AS lo, max("id") AS hi FROM "Edit" WHERE "editTypeId" = l.lane) b
     ) s
     CROSS JOIN LATERAL (
       SELECT u."id", row_number() OVER () AS rank FROM (
         (SELECT e."id" FROM ${from} WHERE e."editTypeId" = l.lane AND e."id" >= s.start AND ${condition} ORDER BY e."id" LIMIT $3)
         UNION ALL
         (SELECT e."id" FROM ${from} WHERE e."editTypeId" = l.lane AND e."id" < s.start AND ${condition} ORDER BY e."id" LIMIT $3)
       ) u LIMIT $3
     ) x
     ORDER BY x.rank, l.ord
     LIMIT $6
   )
   INSERT INTO "ReviewClaim" ("editId", "userId", "expiresAt", "createdAt")
   SELECT "id", $5, now() + make_interval(mins => $7), clock_timestamp() + make_interval(secs => position / 1e6)
   FROM picked ORDER BY "id"
   ON CONFLICT ("editId") DO UPDATE SET "userId" = EXCLUDED."userId", "expiresAt" = EXCLUDED."expiresAt", "createdAt" = EXCLUDED."createdAt"
   WHERE "ReviewClaim"."expiresAt" <= now() OR "ReviewClaim"."userId" = EXCLUDED."userId"
   RETURNING "editId", "createdAt"`;
  // Named by its text, so that each connection plans it once per shape of filter (the text
  // depends on which fields the filter has, not on their values).
  const { rows } = await client.query<{ editId: number; createdAt: Date }>({
    name: `queue-${crypto.createHash("sha1").update(text).digest("hex").slice(0, 16)}`,
    text,
    values,
  });
  return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime()).map((row) => row.editId);
}

// Claims edits for the annotator, returning the ids that are now theirs, in the order
// given. Rows are written in id order, as every claimer writes them, so that two claimers
// of the same edits wait for each other rather than deadlock; createdAt keeps the given
// order, a microsecond apart.
async function take(client: pg.ClientBase, userId: number, editIds: number[]): Promise<number[]> {
  if (editIds.length === 0) return [];
  const { rows } = await client.query<{ editId: number }>(
    `INSERT INTO "ReviewClaim" ("editId", "userId", "expiresAt", "createdAt")
     SELECT id, $2, now() + make_interval(mins => $3), clock_timestamp() + make_interval(secs => position / 1e6)
     FROM unnest($1::int[]) WITH ORDINALITY AS g(id, position) ORDER BY id
     ON CONFLICT ("editId") DO UPDATE SET "userId" = EXCLUDED."userId", "expiresAt" = EXCLUDED."expiresAt", "createdAt" = EXCLUDED."createdAt"
     WHERE "ReviewClaim"."expiresAt" <= now() OR "ReviewClaim"."userId" = EXCLUDED."userId"
     RETURNING "editId"`,
    [editIds, userId, CLAIM_MINUTES],
  );
  const taken = new Set(rows.map((row) => row.editId));
  return editIds.filter((id) => taken.has(id));
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
  // In one statement: the skipped edits given back, the live claims renewed, the edits
  // sent to this annotator for a second review that they have not reviewed since, and how
  // many verdicts they gave today.
  const { rows } = await client.query<{ held: number[]; sent: number[]; done: number }>({
    name: "queue-renew",
    text: `WITH released AS (
       DELETE FROM "ReviewClaim" WHERE "userId" = $1 AND "editId" = ANY($3::int[])
     ), renewed AS (
       UPDATE "ReviewClaim" SET "expiresAt" = now() + make_interval(mins => $2)
       WHERE "userId" = $1 AND "expiresAt" > now() AND NOT ("editId" = ANY($3::int[]))
       RETURNING "editId", "createdAt"
     )
     SELECT
       ARRAY(SELECT "editId" FROM renewed
             ORDER BY EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."editId" = renewed."editId" AND a."userId" = $1) DESC,
                      "createdAt", "editId") AS held,
       ARRAY(SELECT a."editId" FROM "ReviewAssignment" a
             WHERE a."userId" = $1 AND NOT (a."editId" = ANY($3::int[]))
               AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = a."editId" AND r."reviewerId" = $1 AND r."createdAt" >= a."createdAt")
               AND NOT EXISTS (SELECT 1 FROM "ReviewClaim" c WHERE c."editId" = a."editId" AND c."expiresAt" > now())
             ORDER BY a."createdAt", a."editId" LIMIT ${MAX_CLAIM}) AS sent,
       (SELECT count(*)::int FROM "Review" WHERE "reviewerId" = $1 AND "createdAt" > now() - interval '1 day') AS done`,
    values: [userId, CLAIM_MINUTES, skip],
  });
  const { sent, done } = rows[0] as { held: number[]; sent: number[]; done: number };
  let held = (rows[0] as { held: number[] }).held;
  if (held.length < size && sent.length) held = [...(await take(client, userId, sent)), ...held];
  // Another annotator may take a candidate first; a few rounds make up for it.
  for (const reviewed of [false, true])
    for (let round = 0; round < 3 && held.length < size; round++) {
      const taken = await claimFromQueue(client, userId, options, size - held.length, reviewed, done);
      if (taken.length === 0) break;
      held = [...held, ...taken];
    }
  return held;
}
