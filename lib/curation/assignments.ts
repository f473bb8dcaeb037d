import type pg from "pg";

// Blind second reviews: an admin sends a random sample of reviewed edits to an annotator,
// whose queue (queue.ts) serves them first without the earlier verdicts; their reviews give
// the inter-annotator agreement of /review/stats.

export class AssignmentInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AssignmentInputError";
  }
}

export type SampleRequest = {
  assignedById: number;
  userId: number;
  count: number;
  // Only edits of this type; any type when absent.
  editTypeId?: number;
};

async function checkAnnotator(client: pg.ClientBase, userId: number) {
  const { rows } = await client.query<{ role: string; disabled: boolean }>(
    `SELECT "role", "banned" AND ("banExpires" IS NULL OR "banExpires" >= now()) AS disabled FROM "User" WHERE "id" = $1`,
    [userId],
  );
  const user = rows[0];
  if (!user) throw new AssignmentInputError(`no user has id ${userId}`);
  if (user.disabled) throw new AssignmentInputError(`user ${userId} is disabled`);
  if (user.role === "VIEWER") throw new AssignmentInputError(`user ${userId} is a viewer, who cannot review`);
}

// Sends up to `count` edits, drawn at random from those with a human verdict that the
// annotator has neither reviewed nor been sent before, and returns how many were sent. The
// draw starts from "Review" (few rows) rather than "Edit" (634K). Two admins sending at once
// may draw the same edit: the unique (editId, userId) keeps one, and the count says so.
export async function assignSample(client: pg.ClientBase, request: SampleRequest): Promise<number> {
  await checkAnnotator(client, request.userId);
  const { rowCount } = await client.query(
    `INSERT INTO "ReviewAssignment" ("editId", "userId", "assignedById")
     SELECT sample."id", $1, $2 FROM (
       SELECT e."id" FROM (SELECT DISTINCT "editId" FROM "Review") reviewed
       JOIN "Edit" e ON e."id" = reviewed."editId"
       WHERE e."humanVerdict" IS NOT NULL
         AND ($4::int IS NULL OR e."editTypeId" = $4::int)
         AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id" AND r."reviewerId" = $1)
         AND NOT EXISTS (SELECT 1 FROM "ReviewAssignment" a WHERE a."editId" = e."id" AND a."userId" = $1)
       ORDER BY random()
       LIMIT $3
     ) sample
     ON CONFLICT ("editId", "userId") DO NOTHING`,
    [request.userId, request.assignedById, request.count, request.editTypeId ?? null],
  );
  return rowCount ?? 0;
}
