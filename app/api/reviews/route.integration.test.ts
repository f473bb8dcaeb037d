import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { derivePreferencePairs } from "@/lib/curation/preference-pairs";
import { editIdsUnder } from "@/lib/data/review-bulk";
import { sessionCookie, demoCookie } from "@/lib/testing/sessions";

import { POST as undoBatch } from "./batches/[id]/undo/route";
import { POST as bulk } from "./bulk/route";
import { POST as claim } from "./claim/route";
import { GET as queue } from "./queue/route";
import { POST as review } from "./route";
import { POST as undo } from "./[id]/undo/route";

// The review API called as Next calls it, on the run's demo database, as its annotators
// Alice and Bob. Reviews are committed (they are append-only), on demo edits no one
// reviewed yet, so the demo's own invariants (tested in lib/demo) keep holding.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const cookies: Record<string, string> = {};
beforeAll(async () => {
  await client.connect();
  cookies.alice = await sessionCookie("alice@demo.local", "pico-demo-alice");
  cookies.bob = await sessionCookie("bob@demo.local", "pico-demo-bob1");
  cookies.viewer = await demoCookie("VIEWER");
});
afterAll(async () => {
  await client.query(`DELETE FROM "ReviewClaim"`);
  await client.end();
});

const post = (who: string, url: string, body: unknown, type = "application/json") =>
  new Request(`http://localhost${url}`, {
    method: "POST",
    headers: { cookie: cookies[who] ?? "", "content-type": type },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
const params = (id: number) => ({ params: Promise.resolve({ id: String(id) }) });

// Edits no one reviewed, in tasks no one reviewed, with a judge verdict: each test takes its own.
const used = new Set<number>();
async function freshEdit(): Promise<number> {
  const { rows } = await client.query<{ id: number }>(
    `SELECT e."id" FROM "Edit" e WHERE e."judgeVerdict" IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM "Review" r JOIN "Edit" o ON o."id" = r."editId" WHERE o."taskId" = e."taskId")
       AND NOT (e."id" = ANY($1::int[]))
     ORDER BY e."id" LIMIT 1`,
    [[...used]],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error("no unreviewed edit left in the demo");
  used.add(id);
  return id;
}

async function pairsMatchRule(editId: number) {
  const { rows: edits } = await client.query(
    `SELECT "id", "effectiveVerdict", "humanVerdict" FROM "Edit" WHERE "taskId" = (SELECT "taskId" FROM "Edit" WHERE "id" = $1)`,
    [editId],
  );
  const { rows: stored } = await client.query(
    `SELECT "chosenEditId", "rejectedEditId", "provenance"::text FROM "PreferencePair"
     WHERE "taskId" = (SELECT "taskId" FROM "Edit" WHERE "id" = $1) ORDER BY 1, 2`,
    [editId],
  );
  const expected = derivePreferencePairs(edits).sort(
    (a, b) => a.chosenEditId - b.chosenEditId || a.rejectedEditId - b.rejectedEditId,
  );
  expect(stored).toEqual(expected);
}

describe("POST /api/reviews", () => {
  it("stores the verdict, changes the edit and its task's pairs, and answers 201", async () => {
    const editId = await freshEdit();
    const { rows } = await client.query(`SELECT "judgeVerdict" FROM "Edit" WHERE "id" = $1`, [editId]);
    const verdict = rows[0].judgeVerdict === "PASS" ? "FAIL" : "PASS";
    const response = await review(post("alice", "/api/reviews", { editId, verdict, after: null, note: "  flipped " }));
    expect(response.status).toBe(201);
    const stored = await response.json();
    expect(stored).toMatchObject({ editId, verdict, effectiveVerdict: verdict });
    const { rows: history } = await client.query(
      `SELECT r."verdict", r."note", u."email" FROM "Review" r JOIN "User" u ON u."id" = r."reviewerId" WHERE r."editId" = $1`,
      [editId],
    );
    expect(history).toEqual([{ verdict, note: "flipped", email: "alice@demo.local" }]);
    await pairsMatchRule(editId);
  });

  it("stores corrected criteria with the overall recomputed by the scoring module", async () => {
    const { rows } = await client.query<{ id: number }>(
      `SELECT e."id" FROM "Edit" e WHERE e."overall" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id")
       AND NOT (e."id" = ANY($1::int[])) ORDER BY e."id" LIMIT 1`,
      [[...used]],
    );
    const editId = rows[0]?.id as number;
    used.add(editId);
    const response = await review(
      post("alice", "/api/reviews", { editId, verdict: "FAIL", after: null, scores: { compliance: 0.1 } }),
    );
    expect(response.status).toBe(201);
    const { rows: stored } = await client.query(
      `SELECT r."compliance", r."realism", r."overall", e."realism" AS "judgeRealism", e."compliance" AS "judgeCompliance"
       FROM "Review" r JOIN "Edit" e ON e."id" = r."editId" WHERE r."editId" = $1`,
      [editId],
    );
    const row = stored[0];
    expect(row.compliance).toBe(0.1);
    expect(row.realism).toBe(row.judgeRealism);
    expect(row.judgeCompliance).not.toBe(0.1);
    expect(row.overall).toBeLessThan(0.7);
  });

  it("answers 409 naming who reviewed first when the version is stale, and stores nothing", async () => {
    const editId = await freshEdit();
    expect((await review(post("bob", "/api/reviews", { editId, verdict: "FAIL", after: null }))).status).toBe(201);
    const stale = await review(post("alice", "/api/reviews", { editId, verdict: "PASS", after: null }));
    expect(stale.status).toBe(409);
    const body = await stale.json();
    expect(body.error.message).toMatch(/was reviewed by Bob Annotator at .* \(fail\)/);
    expect(body.error.details.current).toMatchObject({ verdict: "FAIL", reviewer: "Bob Annotator" });
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Review" WHERE "editId" = $1`, [editId]);
    expect(rows[0].n).toBe(1);
  });

  it("two annotators reviewing one edit at once: one 201, one 409, one review stored", async () => {
    for (let round = 0; round < 4; round++) {
      const editId = await freshEdit();
      const responses = await Promise.all(
        (["alice", "bob"] as const).map((who, index) =>
          review(post(who, "/api/reviews", { editId, verdict: index ? "PASS" : "FAIL", after: null })),
        ),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Review" WHERE "editId" = $1`, [editId]);
      expect(rows[0].n).toBe(1);
      await pairsMatchRule(editId);
    }
  });

  it.each([
    [{ verdict: "PASS", after: null }, "editId: must be a number"],
    [{ editId: 1, verdict: "maybe", after: null }, "verdict: must be PASS or FAIL"],
    [{ editId: 1, verdict: "PASS", after: null, scores: { compliance: 2 } }, "scores.compliance: must be at most 1"],
    [{ editId: 1, verdict: "PASS", after: null, extra: 1 }, "extra"],
    [{ editId: 2147483647, verdict: "PASS", after: null }, "no edit has id 2147483647"],
    ["{not json", "body: not valid JSON"],
  ])("refuses %j with a message saying what and where", async (body, message) => {
    const response = await review(post("alice", "/api/reviews", body));
    expect([400, 404]).toContain(response.status);
    expect((await response.json()).error.message).toContain(message);
  });

  it("refuses a form post, a viewer and an anonymous request", async () => {
    const body = { editId: 1, verdict: "PASS", after: null };
    expect((await review(post("alice", "/api/reviews", "editId=1", "application/x-www-form-urlencoded"))).status).toBe(
      400,
    );
    expect((await review(post("viewer", "/api/reviews", body))).status).toBe(403);
    expect((await review(post("nobody", "/api/reviews", body))).status).toBe(401);
  });
});

describe("POST /api/reviews/<id>/undo", () => {
  const send = async (who: string, editId: number, verdict: string, after: number | null) =>
    (await review(post(who, "/api/reviews", { editId, verdict, after }))).json();
  const undoOf = async (who: string, reviewId: number) =>
    undo(post(who, `/api/reviews/${reviewId}/undo`, {}), params(reviewId));
  const human = async (editId: number) =>
    (
      await client.query(`SELECT "humanVerdict", "effectiveVerdict", "judgeVerdict" FROM "Edit" WHERE "id" = $1`, [
        editId,
      ])
    ).rows[0];

  it("restores the review before; undo of the undo restores the undone; a review no longer the newest is refused", async () => {
    const editId = await freshEdit();
    const first = await send("alice", editId, "FAIL", null);
    const second = await send("alice", editId, "PASS", first.id);
    expect((await undoOf("alice", first.id)).status).toBe(409);
    const undone = await undoOf("alice", second.id);
    expect(undone.status).toBe(201);
    const u1 = await undone.json();
    expect(u1.verdict).toBe("FAIL");
    expect((await human(editId)).humanVerdict).toBe("FAIL");
    const u2 = await (await undoOf("bob", u1.id)).json();
    expect(u2.verdict).toBe("PASS");
    expect((await human(editId)).humanVerdict).toBe("PASS");
    await pairsMatchRule(editId);
  });

  it("undo of the first review takes the human verdict back to none", async () => {
    const editId = await freshEdit();
    const first = await send("alice", editId, "FAIL", null);
    const undone = await (await undoOf("alice", first.id)).json();
    expect(undone.verdict).toBeNull();
    const state = await human(editId);
    expect(state.humanVerdict).toBeNull();
    expect(state.effectiveVerdict).toBe(state.judgeVerdict);
    await pairsMatchRule(editId);
  });

  it("refuses an id that is not one", async () => {
    const response = await undo(post("alice", "/api/reviews/x/undo", {}), { params: Promise.resolve({ id: "x" }) });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("id: must be a whole number");
  });
});

describe("POST /api/reviews/bulk", () => {
  it("marks every edit under a filter in one batch, and one undo restores them all", async () => {
    const { rows } = await client.query<{ id: number }>(
      `SELECT "id" FROM "EditType" et WHERE EXISTS (SELECT 1 FROM "Edit" e WHERE e."editTypeId" = et."id")
       AND NOT EXISTS (SELECT 1 FROM "Edit" e JOIN "Review" r ON r."editId" = e."id" WHERE e."editTypeId" = et."id")
       ORDER BY "id" LIMIT 1`,
    );
    const type = rows[0]?.id as number;
    const filter = `types=${type}`;
    const before = (
      await client.query(`SELECT "id", "effectiveVerdict" FROM "Edit" WHERE "editTypeId" = $1 ORDER BY "id"`, [type])
    ).rows;
    const response = await bulk(post("bob", "/api/reviews/bulk", { verdict: "FAIL", note: "blurry", filter }));
    expect(response.status).toBe(201);
    const batch = await response.json();
    expect(batch.edits).toBe(before.length);
    const failed = await client.query(`SELECT DISTINCT "effectiveVerdict" FROM "Edit" WHERE "editTypeId" = $1`, [type]);
    expect(failed.rows).toEqual([{ effectiveVerdict: "FAIL" }]);
    for (const edit of before) await pairsMatchRule(edit.id);
    const undone = await undoBatch(
      post("bob", `/api/reviews/batches/${batch.batchId}/undo`, {}),
      params(batch.batchId),
    );
    expect(undone.status).toBe(201);
    const after = (
      await client.query(`SELECT "id", "effectiveVerdict" FROM "Edit" WHERE "editTypeId" = $1 ORDER BY "id"`, [type])
    ).rows;
    expect(after).toEqual(before);
    for (const edit of before) await pairsMatchRule(edit.id);
  });

  it("over the limit, says how many edits the filter matches", async () => {
    const under = await editIdsUnder({}, 3);
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "Edit"`);
    expect(under).toEqual({ count: rows[0].n, ids: [] });
  });

  it.each([
    [{ verdict: "PASS" }, "give editIds or filter, one of them"],
    [{ verdict: "PASS", filter: "types=999" }, "No edits match"],
    [{ verdict: "PASS", filter: "judge=maybe" }, "filter.judge: must be one of pass, fail, none"],
    [{ verdict: "PASS", filter: "colour=red" }, "filter.colour"],
  ])("refuses %j", async (body, message) => {
    const response = await bulk(post("bob", "/api/reviews/bulk", body));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain(message);
  });
});

describe("POST /api/reviews/claim", () => {
  it("gives two annotators disjoint edits of the queue, with what the page shows", async () => {
    const query = "band_min=0&band_max=1";
    const [a, b] = await Promise.all(
      ["alice", "bob"].map(async (who) => {
        const response = await claim(post(who, `/api/reviews/claim?${query}`, { size: 4 }));
        expect(response.status).toBe(200);
        return (await response.json()).items as { id: number; shortInstruction: string; sourceImage: { id: number } }[];
      }),
    );
    expect(a).toHaveLength(4);
    expect(b).toHaveLength(4);
    const ids = [...(a ?? []), ...(b ?? [])].map((item) => item.id);
    expect(new Set(ids).size).toBe(8);
    expect(a?.[0]).toMatchObject({ shortInstruction: expect.any(String), sourceImage: { id: expect.any(Number) } });
    const progress = await queue(
      new Request(`http://localhost/api/reviews/queue?${query}`, { headers: { cookie: cookies.alice ?? "" } }),
    );
    expect(await progress.json()).toMatchObject({ left: expect.any(Number), lastHour: expect.any(Number) });
  });

  it("refuses a band upside down", async () => {
    const response = await claim(post("alice", "/api/reviews/claim?band_min=0.9&band_max=0.1", {}));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("band_min must not be above band_max");
  });
});
