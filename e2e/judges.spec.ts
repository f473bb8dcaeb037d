import fs from "node:fs/promises";
import path from "node:path";

import { request as playwrightRequest, type APIRequestContext, type Locator, type Page } from "@playwright/test";

import { formatCount } from "../lib/format";
import { E2E_DATA_DIR } from "../playwright.config";
import { STATE } from "./auth-state";
import { execute, insertEdit, queryAll, queryOne } from "./database";
import { expect, test } from "./judge-runs-undone";

// Judge runs from /judges, as the worker beside the e2e server runs them against the fake
// endpoint (playwright.config.ts), and what they change: the edit page's judgements, the
// taxonomy's scores, the comparison of two judges. Each test's runs, judgements and the
// verdicts and pairs they changed are undone after it (e2e/judge-runs-undone.ts).

// Time for the worker to pick a run up (it polls every second) and judge a few dozen edits.
const RUN_DONE = { timeout: 30_000 };

// The demo's judge of the scored edits (lib/demo/write.ts).
const DEMO_JUDGE = "demo-judge";

type RunRow = {
  id: number;
  status: string;
  total: number;
  judged: number;
  failed: number;
  requests: number;
  tokens: number;
  costUsd: number;
};

// An edit type with few SFT and preference edits, at least six: their images are all
// files of the demo (the multi-turn outputs are the ones it leaves missing).
const smallType = (rank = 0) =>
  queryOne<{ id: number; name: string; edits: number }>(
    `SELECT e."editTypeId" AS id, et."name", count(*)::int AS edits FROM "Edit" e JOIN "EditType" et ON et."id" = e."editTypeId"
     WHERE e."origin" <> 'MULTI_TURN' GROUP BY 1, 2 HAVING count(*) >= 6 ORDER BY count(*), 1 OFFSET ${rank} LIMIT 1`,
  );

const filterOf = (type: { id: number }) => `types=${type.id}&subsets=sft,preference`;

const uniqueJudge = (what: string) => `e2e-${what}-${Date.now()}`;

const runOf = (id: number) =>
  queryOne<RunRow>(
    `SELECT "id", "status", "total", "judged", "failed", "requests", ("promptTokens" + "completionTokens")::int AS tokens, "costUsd"
     FROM "JudgeRun" WHERE "id" = ${id}`,
  );

const runRow = (page: Page, id: number): Locator => page.locator(`tbody[data-run-id="${id}"]`);

async function openJudges(page: Page, query = "") {
  await page.goto(`/judges${query}`);
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
}

// An admin's API session, for the tests that start a run without the form.
async function asAdmin<T>(baseURL: string | undefined, act: (admin: APIRequestContext) => Promise<T>): Promise<T> {
  const admin = await playwrightRequest.newContext({ baseURL, storageState: STATE("ADMIN") });
  try {
    return await act(admin);
  } finally {
    await admin.dispose();
  }
}

async function startRun(admin: APIRequestContext, body: Record<string, unknown>): Promise<number> {
  const created = await admin.post("/api/judges/runs", { data: body });
  expect(created.status(), await created.text()).toBe(201);
  return ((await created.json()) as { id: number }).id;
}

async function runToEnd(admin: APIRequestContext, id: number): Promise<void> {
  await expect
    .poll(
      async () => ((await (await admin.get(`/api/judges/runs/${id}`)).json()) as { status: string }).status,
      RUN_DONE,
    )
    .toBe("DONE");
}

const adminName = async () =>
  (await queryOne<{ name: string }>(`SELECT "name" FROM "User" WHERE "email" = 'admin@demo.local'`)).name;

// A run has stopped when its finishedAt is set: a cancelled one at its next write.
const hasStopped = async (id: number) =>
  (
    await queryOne<{ stopped: boolean }>(
      `SELECT "finishedAt" IS NOT NULL AS stopped FROM "JudgeRun" WHERE "id" = ${id}`,
    )
  ).stopped;

const signed = (value: number) => `${value > 0 ? "+" : ""}${value.toFixed(3)}`;

test.describe("an admin", () => {
  test.use({ storageState: STATE("ADMIN") });

  test("starts a run from /judges over an edit type; it runs to done, and its judgements show on the edit page and in the taxonomy", async ({
    page,
  }) => {
    const type = await smallType();
    const filter = filterOf(type);
    const judge = uniqueJudge("run");
    const before = new Map(
      (
        await queryAll<{ id: number; compliance: number | null }>(
          `SELECT "id", "compliance" FROM "Edit" WHERE "editTypeId" = ${type.id}`,
        )
      ).map((edit) => [edit.id, edit.compliance]),
    );

    await openJudges(page, `?filter=${encodeURIComponent(filter)}`);
    const form = page.getByRole("form", { name: "New judge run" });
    await expect(form.getByLabel("Filter")).toHaveValue(filter);
    await expect(form.getByLabel("Model")).toHaveAttribute("placeholder", "server default");

    // A name the server cannot take: its own message, beside the form.
    await form.getByLabel("Judge").fill("two words");
    const refused = page.waitForResponse(
      (response) => response.url().endsWith("/api/judges/runs") && response.request().method() === "POST",
    );
    await form.getByRole("button", { name: "Start run" }).click();
    const refusal = await refused;
    expect(refusal.status()).toBe(400);
    const message = ((await refusal.json()) as { error: { message: string } }).error.message;
    expect(message).toContain("judge");
    await expect(form.getByRole("alert")).toHaveText(message);

    await form.getByLabel("Judge").fill(judge);
    await form.getByLabel("Concurrency").fill("4");
    const posted = page.waitForResponse(
      (response) => response.url().endsWith("/api/judges/runs") && response.request().method() === "POST",
    );
    await form.getByRole("button", { name: "Start run" }).click();
    const created = await posted;
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await expect(form.getByRole("status")).toHaveText(`Judge run ${id} queued.`);

    const row = runRow(page, id);
    await expect(row.getByTestId("run-status")).toHaveText("done", RUN_DONE);
    const run = await runOf(id);
    expect(run).toMatchObject({ total: type.edits, failed: 0 });
    expect(run.judged).toBe(type.edits);
    await expect(row.getByTestId("run-judge")).toHaveText(judge);
    await expect(row.getByTestId("run-model")).toHaveText("fake");
    await expect(row.getByTestId("run-progress")).toHaveText(
      `${formatCount(type.edits)} / ${formatCount(type.edits)} edits · 100%`,
    );
    await expect(row.getByTestId("run-judged")).toHaveText(formatCount(run.judged));
    await expect(row.getByTestId("run-failed")).toHaveText("0");
    await expect(row.getByTestId("run-requests")).toHaveText(formatCount(run.requests));
    await expect(row.getByTestId("run-tokens")).toHaveText(formatCount(run.tokens));
    expect(run.costUsd).toBeGreaterThan(0);
    await expect(row.getByTestId("run-cost")).toHaveText(`$${run.costUsd.toFixed(4)}`);
    await expect(row.getByTestId("run-rate")).toHaveText(/^\d+\.\d edits\/s$/);
    await expect(row.getByRole("button")).toHaveCount(0);

    // The judge joins the list, and is not the active one.
    const listed = page.getByTestId("judges").locator(`tr[data-judge="${judge}"]`);
    await page.reload();
    await expect(listed.locator('[data-cell="edits"]')).toHaveText(formatCount(run.judged));
    await expect(listed).not.toContainText("active");

    // The filter link opens the gallery on the edits the run counted.
    await runRow(page, id).getByTestId("run-filter").click();
    await expect(page).toHaveURL(/\/edits\?types=/);
    await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(run.total));

    // An edit it judged shows its judgement, now the current one, beside the demo's.
    const judged = await queryOne<{
      editId: number;
      compliance: number;
      realism: number;
      preservation: number;
      technical: number;
      overall: number;
      passed: boolean;
      rationale: string;
    }>(`SELECT "editId", "compliance", "realism", "preservation", "technical", "overall", "passed", "rationale"
        FROM "Judgement" WHERE "runId" = ${id} ORDER BY "editId" LIMIT 1`);
    const other = await queryOne<{ judge: string }>(
      `SELECT "judge" FROM "Judgement" WHERE "editId" = ${judged.editId} AND "judge" <> '${judge}'`,
    );
    await page.goto(`/edits/${judged.editId}`);
    const mine = page.getByRole("article", { name: `Judgement by ${judge}` });
    await expect(mine.getByRole("heading")).toContainText(judge);
    await expect(mine.getByText("current", { exact: true })).toBeVisible();
    await expect(mine).toContainText(`model fake · rubric `);
    for (const criterion of ["compliance", "realism", "preservation", "technical"] as const)
      await expect(mine.locator(`[data-criterion="${criterion}"] td`).nth(1)).toHaveText(judged[criterion].toFixed(2));
    await expect(mine.getByTestId("overall")).toHaveText(judged.overall.toFixed(3));
    await expect(mine).toContainText(`Judge ${judge}: ${judged.rationale}`);
    await expect(page.getByTestId("edit-verdicts")).toContainText(`judge ${judged.passed ? "pass" : "fail"}`);
    const theirs = page.getByRole("article", { name: `Judgement by ${other.judge}` });
    await expect(theirs.getByTestId("score-breakdown")).toBeVisible();
    await expect(theirs.getByText("current", { exact: true })).toHaveCount(0);

    // The taxonomy's mean compliance of the type: the run's score where it judged an edit,
    // the score the edit had before elsewhere (its other subsets).
    const scores = new Map(
      (
        await queryAll<{ editId: number; compliance: number }>(
          `SELECT "editId", "compliance" FROM "Judgement" WHERE "runId" = ${id}`,
        )
      ).map((row) => [row.editId, row.compliance]),
    );
    const current = [...before].flatMap(([editId, was]) => {
      const now = scores.get(editId) ?? was;
      return now === null ? [] : [now];
    });
    const mean = current.reduce((sum, value) => sum + value, 0) / current.length;
    await page.goto("/taxonomy");
    await expect(page.getByTestId(`type-${type.id}-compliance`)).toHaveText(mean.toFixed(2));
  });

  test("the gallery's 'judge these' opens the run form with the gallery's filter", async ({ page }) => {
    const type = await smallType();
    await page.goto(`/edits?types=${type.id}`);
    await page.getByRole("link", { name: "judge these" }).click();
    await expect(page).toHaveURL(`/judges?filter=types%3D${type.id}`);
    await expect(page.getByRole("form", { name: "New judge run" }).getByLabel("Filter")).toHaveValue(
      `types=${type.id}`,
    );
  });

  test("makes the demo's judge active after a confirm step that says what is derived again, then goes back to the newest judgements", async ({
    page,
  }) => {
    // In the demo each edit has one judgement, so either way every verdict stays as it is.
    const verdicts = () =>
      queryOne<{ digest: string }>(
        `SELECT md5(string_agg(concat_ws(',', "id", "judgementId", "judgeVerdict", "effectiveVerdict"), ';' ORDER BY "id")) AS digest FROM "Edit"`,
      );
    const before = await verdicts();
    const { edits } = await queryOne<{ edits: number }>(
      `SELECT count(*)::int AS edits FROM "Judgement" WHERE "judge" = '${DEMO_JUDGE}'`,
    );
    const activations: string[] = [];
    page.on("request", (request) => {
      if (request.url().endsWith("/api/judges/active")) activations.push(request.postData() ?? "");
    });
    const finished = async () =>
      (
        await queryOne<{ open: number }>(
          `SELECT count(*)::int AS open FROM "JudgeActivation" WHERE "finishedAt" IS NULL OR "status" <> 'DONE'`,
        )
      ).open === 0;

    await openJudges(page);
    const control = page.getByRole("form", { name: "Active judge" });
    const dialog = page.getByRole("alertdialog", { name: "Confirm the active judge" });
    await expect(page.getByTestId("active-judge")).toHaveText(
      "Judge verdicts come from each edit's newest judgement; no judge is active.",
    );
    await expect(control.getByRole("button", { name: "Make active…" })).toBeDisabled();
    await control.getByLabel("Judge verdicts from").selectOption(DEMO_JUDGE);
    await control.getByRole("button", { name: "Make active…" }).click();
    await expect(dialog).toContainText(
      `The judge verdicts and preference pairs of every edit ${DEMO_JUDGE} judged (${formatCount(edits)}) are derived again in the background`,
    );
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toHaveCount(0);
    expect(activations).toEqual([]);

    await control.getByRole("button", { name: "Make active…" }).click();
    await dialog.getByRole("button", { name: `Make ${DEMO_JUDGE} active` }).click();
    await expect(page.getByTestId("active-judge")).toHaveText(
      `Judge verdicts come from ${DEMO_JUDGE} where it judged the edit, else from the edit's newest judgement.`,
    );
    await expect(page.getByTestId("judges").locator(`tr[data-judge="${DEMO_JUDGE}"]`)).toContainText("active");
    expect(activations).toEqual([JSON.stringify({ judge: DEMO_JUDGE })]);
    await expect.poll(finished, RUN_DONE).toBe(true);

    await control.getByLabel("Judge verdicts from").selectOption("newest judgement");
    await control.getByRole("button", { name: "Make active…" }).click();
    await expect(dialog).toContainText(
      `Each edit's newest judgement becomes its current one again. The judge verdicts and preference pairs of every edit ${DEMO_JUDGE} judged (${formatCount(edits)})`,
    );
    await dialog.getByRole("button", { name: "Use the newest judgements" }).click();
    await expect(page.getByTestId("active-judge")).toHaveText(
      "Judge verdicts come from each edit's newest judgement; no judge is active.",
    );
    await expect.poll(finished, RUN_DONE).toBe(true);
    expect(await verdicts()).toEqual(before);
  });

  test("cancels a running run and resumes it; it runs to done", async ({ page, baseURL }) => {
    const type = await smallType(1);
    const id = await asAdmin(baseURL, (admin) =>
      // One request every two seconds: slow enough to be cancelled while it runs.
      startRun(admin, {
        filter: filterOf(type),
        judge: uniqueJudge("resume"),
        concurrency: 1,
        requestsPerMinute: 30,
        limit: 4,
      }),
    );
    await openJudges(page);
    const row = runRow(page, id);
    await expect(row.getByTestId("run-status")).toHaveText(/^(queued|running)$/);
    await row.getByRole("button", { name: "Cancel" }).click();
    await expect(row.getByTestId("run-status")).toHaveText("cancelled");
    await expect(row.getByTestId("run-error")).toHaveText(`cancelled by ${await adminName()}`);
    await expect(row.getByRole("button", { name: "Cancel" })).toHaveCount(0);
    // Resumed once it has stopped, so that the resumed run is the only one asking.
    await expect.poll(() => hasStopped(id), RUN_DONE).toBe(true);
    await row.getByRole("button", { name: "Resume" }).click();
    await expect(row.getByTestId("run-status")).toHaveText("done", RUN_DONE);
    await expect(row.getByRole("button")).toHaveCount(0);
    const run = await runOf(id);
    expect(run.judged).toBeGreaterThan(0);
    await expect(row.getByTestId("run-judged")).toHaveText(formatCount(run.judged));
  });

  test("a run's failures open from its row: each edit with its attempts and error", async ({ page }) => {
    const stamp = Date.now();
    const word = `unreadable${stamp}`;
    // Two files under the image root that are not images: the run cannot send them.
    const uris = [`e2e/${word}-source.jpg`, `e2e/${word}-output.jpg`];
    for (const uri of uris) {
      await fs.mkdir(path.join(E2E_DATA_DIR, "images", "e2e"), { recursive: true });
      await fs.writeFile(path.join(E2E_DATA_DIR, "images", uri), "not an image");
    }
    const { edit, remove } = await insertEdit({
      sourceUri: uris[0] as string,
      outputUri: uris[1] as string,
      shortInstruction: `Sharpen ${word}`,
    });
    let id: number | null = null;
    try {
      await openJudges(page, `?filter=${encodeURIComponent(`q=${word}`)}`);
      const form = page.getByRole("form", { name: "New judge run" });
      await form.getByLabel("Judge").fill(uniqueJudge("failures"));
      const posted = page.waitForResponse(
        (response) => response.url().endsWith("/api/judges/runs") && response.request().method() === "POST",
      );
      await form.getByRole("button", { name: "Start run" }).click();
      id = ((await (await posted).json()) as { id: number }).id;
      const row = runRow(page, id);
      await expect(row.getByTestId("run-status")).toHaveText("done", RUN_DONE);
      await expect(row.getByTestId("run-failed")).toHaveText("1");
      await expect(row.getByTestId("run-judged")).toHaveText("0");
      const failure = await queryOne<{ attempts: number; error: string }>(
        `SELECT "attempts", "error" FROM "JudgeFailure" WHERE "runId" = ${id}`,
      );
      expect(failure.error).toContain("image unavailable");
      await row.getByText(`Edits run ${id} could not judge (1)`).click();
      const failures = row.getByTestId("run-failures");
      const line = failures.locator(`tr[data-edit-id="${edit.id}"]`);
      await expect(line.getByRole("cell")).toHaveText([
        String(edit.id),
        String(failure.attempts),
        failure.error,
        "none",
      ]);
      await expect(line.getByRole("link", { name: String(edit.id) })).toHaveAttribute("href", `/edits/${edit.id}`);
    } finally {
      // The edit goes before the run's rows do: its failure first.
      const started = id;
      if (started !== null) await expect.poll(() => hasStopped(started), RUN_DONE).toBe(true);
      await execute(`DELETE FROM "JudgeFailure" WHERE "editId" = ${edit.id}`);
      await remove();
      await fs.rm(path.join(E2E_DATA_DIR, "images", "e2e", `${word}-source.jpg`), { force: true });
      await fs.rm(path.join(E2E_DATA_DIR, "images", "e2e", `${word}-output.jpg`), { force: true });
    }
  });
});

test("two judges compared: agreement, kappa and score differences on the edits both judged, and where they disagree", async ({
  page,
  baseURL,
}) => {
  // A small type with a few edits the demo's judge failed: the fake endpoint passes most
  // edits, so the two judges disagree there.
  const type = await queryOne<{ id: number; name: string }>(
    `SELECT e."editTypeId" AS id, et."name" FROM "Edit" e JOIN "EditType" et ON et."id" = e."editTypeId"
       JOIN "Judgement" j ON j."id" = e."judgementId"
     WHERE e."origin" <> 'MULTI_TURN' AND j."judge" = '${DEMO_JUDGE}'
     GROUP BY 1, 2 HAVING count(*) FILTER (WHERE NOT j."passed") >= 3 ORDER BY count(*), 1 LIMIT 1`,
  );
  const judge = uniqueJudge("compare");
  await asAdmin(baseURL, async (admin) => runToEnd(admin, await startRun(admin, { filter: filterOf(type), judge })));

  // The oracle: the two judges' judgements of the same edits, read directly.
  const pairs = await queryAll<{ editId: number; a: boolean; b: boolean; gap: number; diff: number }>(
    `SELECT a."editId", a."passed" AS a, b."passed" AS b, abs(a."overall" - b."overall") AS gap, a."overall" - b."overall" AS diff
     FROM "Judgement" a JOIN "Judgement" b ON b."editId" = a."editId" AND b."judge" = '${DEMO_JUDGE}'
     WHERE a."judge" = '${judge}'`,
  );
  const n = pairs.length;
  expect(n).toBeGreaterThan(0);
  const count = (a: boolean, b: boolean) => pairs.filter((pair) => pair.a === a && pair.b === b).length;
  const [pp, pf, fp, ff] = [count(true, true), count(true, false), count(false, true), count(false, false)];
  const chance = ((pp + pf) * (pp + fp) + (fp + ff) * (pf + ff)) / (n * n);
  const kappa = ((pp + ff) / n - chance) / (1 - chance);
  const disagreements = pairs.filter((pair) => pair.a !== pair.b).sort((x, y) => y.gap - x.gap || x.editId - y.editId);
  expect(disagreements.length).toBeGreaterThan(0);

  await openJudges(page);
  const picker = page.getByRole("form", { name: "Compare judges" });
  await picker.getByLabel("Judge A").selectOption(judge);
  await picker.getByLabel("Judge B").selectOption(DEMO_JUDGE);
  await picker.getByRole("button", { name: "Compare" }).click();
  await expect(page).toHaveURL(new RegExp(`/judges\\?a=${judge}&b=${DEMO_JUDGE}$`));
  await expect(page.getByTestId("comparison-edits")).toHaveText(formatCount(n));
  await expect(page.getByTestId("comparison-agreement")).toHaveText(`${((100 * (pp + ff)) / n).toFixed(1)}%`);
  await expect(page.getByTestId("comparison-kappa")).toHaveText(kappa.toFixed(2));
  const meanDiff = pairs.reduce((sum, pair) => sum + pair.diff, 0) / n;
  await expect(page.getByTestId("comparison-differences").locator('[data-score="overall"] td')).toHaveText(
    signed(meanDiff),
  );
  await expect(page.getByTestId("comparison-types").locator(`tr[data-type="${type.id}"]`)).toContainText(type.name);

  const links = page.getByTestId("disagreements").getByRole("link");
  await expect(links).toHaveCount(disagreements.length);
  const first = disagreements[0] as (typeof disagreements)[number];
  await expect(links.first()).toHaveText(`Edit ${first.editId}`);
  await links.first().click();
  await expect(page).toHaveURL(new RegExp(`/edits/${first.editId}$`));
  await expect(page.getByRole("article", { name: `Judgement by ${judge}` })).toBeVisible();
  await expect(page.getByRole("article", { name: `Judgement by ${DEMO_JUDGE}` })).toBeVisible();

  // All of them as a filter: the gallery of exactly those edits, and the review queue's.
  await page.goBack();
  await expect(page.getByRole("link", { name: "to review" })).toHaveAttribute(
    "href",
    `/review?disagree=${encodeURIComponent(`${judge},${DEMO_JUDGE}`)}`,
  );
  await page.getByRole("link", { name: "in the gallery" }).click();
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(disagreements.length));
});

test("a viewer sees the runs and the judges, but no run form and no buttons to manage them", async ({
  page,
  baseURL,
}) => {
  const type = await smallType();
  const judge = uniqueJudge("viewer");
  const id = await asAdmin(baseURL, async (admin) => {
    const started = await startRun(admin, { filter: filterOf(type), judge, limit: 2 });
    await runToEnd(admin, started);
    return started;
  });

  await openJudges(page);
  const row = runRow(page, id);
  await expect(row.getByTestId("run-status")).toHaveText("done");
  await expect(row.getByTestId("run-judge")).toHaveText(judge);
  await expect(row.getByTestId("run-judged")).toHaveText("2");
  await expect(page.getByTestId("judges").locator(`tr[data-judge="${judge}"]`)).toBeVisible();
  await expect(page.getByRole("form", { name: "New judge run" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Start a run" })).toHaveCount(0);
  await expect(page.getByRole("form", { name: "Active judge" })).toHaveCount(0);
  await expect(page.getByTestId("judge-runs").getByRole("button")).toHaveCount(0);
  // The one button left on the page is the comparison's.
  await expect(page.getByRole("main").getByRole("button")).toHaveText(["Compare"]);

  // The server refuses what the page does not offer.
  expect((await page.request.post(`/api/judges/runs/${id}/resume`)).status()).toBe(403);
  expect((await page.request.post("/api/judges/runs", { data: { filter: "", judge } })).status()).toBe(403);
});
