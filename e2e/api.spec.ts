import { queryAll, queryOne } from "./database";
import { expect, test } from "./fixtures";

test("GET /api/edits pages the gallery under a filter, and names a bad param", async ({ request }) => {
  const first = await request.get("/api/edits?effective=pass&limit=5");
  expect(first.status()).toBe(200);
  const page = (await first.json()) as { items: { id: number; effectiveVerdict: string }[]; nextCursor: number };
  expect(page.items).toHaveLength(5);
  for (const item of page.items) expect(item.effectiveVerdict).toBe("PASS");
  const next = (await (await request.get(`/api/edits?effective=pass&limit=5&cursor=${page.nextCursor}`)).json()) as {
    items: { id: number }[];
  };
  expect(next.items[0]?.id).toBeLessThan(page.items[4]?.id as number);

  const bad = await request.get("/api/edits?overall_min=2&limit=0&subsets=sft,dpo");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: {
      code: "INVALID_INPUT",
      message:
        "subsets: must be one of sft, preference, multi-turn; overall_min: must be at most 1; limit: must be at least 1",
    },
  });
});

test("GET /api/edits/facets counts under the filter", async ({ request }) => {
  const expected = await queryOne<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Edit" WHERE "origin" = 'SFT' AND "judgeVerdict" = 'PASS'`,
  );
  const response = await request.get("/api/edits/facets?subsets=sft&judge=pass");
  expect(response.status()).toBe(200);
  const facets = (await response.json()) as { total: number; subsets: { value: string; count: number }[] };
  expect(facets.total).toBe(expected.n);
  expect(facets.subsets.map((s) => s.value)).toEqual(["multi-turn", "preference", "sft"]);
  expect((await request.get("/api/edits/facets?reviewed=maybe")).status()).toBe(400);
});

test("GET /api/edits/<id> gives an edit and its neighbours in a view, and names what is wrong", async ({ request }) => {
  const order = await queryAll<{ id: number }>(
    `SELECT "id" FROM "Edit" WHERE "origin" = 'SFT' ORDER BY "overall" DESC NULLS LAST, "id" DESC LIMIT 3`,
  );
  const [previous, edit, next] = order.map((row) => row.id);
  const response = await request.get(`/api/edits/${edit}?subsets=sft&sort=overall_desc`);
  expect(response.status()).toBe(200);
  const body = (await response.json()) as {
    id: number;
    origin: string;
    task: { shortInstruction: string };
    neighbours: { previous: number | null; next: number | null; inView: boolean };
  };
  expect(body.id).toBe(edit);
  expect(body.origin).toBe("SFT");
  expect(typeof body.task.shortInstruction).toBe("string");
  expect(body.neighbours).toEqual({ previous, next, inView: true });

  expect((await request.get(`/api/edits/${edit}?subsets=multi-turn`).then((r) => r.json())).neighbours).toEqual({
    previous: null,
    next: null,
    inView: false,
  });
  const missing = await request.get("/api/edits/2000000000");
  expect(missing.status()).toBe(404);
  expect(await missing.json()).toEqual({ error: { code: "NOT_FOUND", message: "no edit has id 2000000000" } });
  expect(await (await request.get("/api/edits/abc")).json()).toEqual({
    error: { code: "INVALID_INPUT", message: "id: must be a whole number from 1 to 2147483647" },
  });
  const bad = await request.get(`/api/edits/${edit}?sort=best`);
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/^sort: must be one of newest, oldest, random/);
});

test("the API names an unknown or repeated param, and answers gzip to a client that takes it", async ({ request }) => {
  const typo = await request.get("/api/edits?overall_mn=0.5");
  expect(typo.status()).toBe(400);
  expect((await typo.json()).error.message).toMatch(/^overall_mn: is not a param of this view \(known: categories, /);
  const twice = await request.get("/api/edits/facets?judge=pass&judge=fail");
  expect(await twice.json()).toEqual({ error: { code: "INVALID_INPUT", message: "judge: is given more than once" } });
  const page = await request.get("/api/edits?limit=60", { headers: { "accept-encoding": "gzip" } });
  expect(page.status()).toBe(200);
  expect(page.headers()["content-encoding"]).toBe("gzip");
  expect((await page.json()).items).toHaveLength(60);
});
