import { request as playwrightRequest, type Page } from "@playwright/test";

import { DEMO_USERS } from "../lib/demo/users";
import { STATE } from "./auth-state";
import { queryAll, queryOne } from "./database";
import { expect, test } from "./reviews-undone";

const ALICE = DEMO_USERS.find((user) => user.email === "alice@demo.local");

async function openQueue(page: Page, query = "") {
  await page.goto(`/review${query}`);
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  await expect(page.getByTestId("review-item")).toBeVisible();
}

const currentId = async (page: Page) => Number(await page.getByTestId("review-item").getAttribute("data-edit-id"));

const effectiveRates = async (page: Page) => {
  await page.goto("/taxonomy");
  const cells = page.locator("[data-testid$='-effective-rate']");
  await expect(cells.first()).toBeVisible();
  return cells.evaluateAll((nodes) => nodes.map((node) => `${node.getAttribute("data-testid")}=${node.textContent}`));
};

const preferenceCounts = async (page: Page) => {
  await page.goto("/preferences");
  const counts = page.locator("[data-testid^='count-']");
  await expect(counts.first()).toBeVisible();
  return counts.allTextContents();
};

test.describe("as an annotator", () => {
  test.use({ storageState: STATE("ANNOTATOR") });

  test("reviews five edits by keyboard alone, sees the preferences and taxonomy change, and undoes one", async ({
    page,
  }) => {
    const ratesBefore = await effectiveRates(page);
    const pairsBefore = await preferenceCounts(page);
    await openQueue(page);
    const reviewed: { id: number; verdict: string }[] = [];
    for (let n = 0; n < 5; n++) {
      const id = await currentId(page);
      const { judge } = await queryOne<{ judge: string }>(
        `SELECT "judgeVerdict" AS judge FROM "Edit" WHERE "id" = ${id}`,
      );
      // Overturn the judge each time, so that every verdict changes the data.
      const verdict = judge === "PASS" ? "FAIL" : "PASS";
      await page.keyboard.press(verdict === "PASS" ? "p" : "f");
      await expect(page.getByTestId("done-count")).toHaveText(String(n + 1));
      reviewed.push({ id, verdict });
    }
    const stored = await queryAll<{ id: number; verdict: string }>(
      `SELECT r."editId" AS id, r."verdict" FROM "Review" r JOIN "User" u ON u."id" = r."reviewerId"
       WHERE u."email" = '${ALICE?.email}' AND r."editId" IN (${reviewed.map((r) => r.id).join(", ")}) ORDER BY r."id"`,
    );
    expect(stored).toEqual(reviewed);

    await page.keyboard.press("u");
    const last = reviewed.at(-1) as { id: number };
    await expect(page.getByTestId("review-item")).toHaveAttribute("data-edit-id", String(last.id));
    await expect(page.getByTestId("review-message")).toContainText(`Undid your verdict on edit ${last.id}`);
    const undone = await queryOne<{ human: string | null }>(
      `SELECT "humanVerdict" AS human FROM "Edit" WHERE "id" = ${last.id}`,
    );
    expect(undone.human).toBeNull();

    // Four verdicts stand, each against the judge's.
    expect(await preferenceCounts(page)).not.toEqual(pairsBefore);
    expect(await effectiveRates(page)).not.toEqual(ratesBefore);
  });

  test("corrects a criterion with 1 and the arrows, and Enter confirms the recomputed verdict", async ({ page }) => {
    await openQueue(page, "?band_min=0.7&band_max=0.8");
    const id = await currentId(page);
    const overall = page.getByTestId("recomputed-overall");
    const before = Number(await overall.textContent());
    await page.keyboard.press("1");
    for (let step = 0; step < 4; step++) await page.keyboard.press("ArrowDown");
    await expect(overall).not.toHaveText(before.toFixed(3));
    const after = Number(await overall.textContent());
    expect(after).toBeCloseTo(before - 0.4 * 0.2, 2);
    const shown = await page.getByTestId("recomputed-verdict").textContent();
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("done-count")).toHaveText("1");
    const review = await queryOne<{ verdict: string; overall: number }>(
      `SELECT "verdict", "overall" FROM "Review" WHERE "editId" = ${id} ORDER BY "id" DESC LIMIT 1`,
    );
    expect(review.verdict).toBe(shown === "pass" ? "PASS" : "FAIL");
    expect(review.overall).toBeCloseTo(after, 3);
  });

  test("a verdict on an edit someone reviewed meanwhile shows both verdicts, and the annotator decides", async ({
    page,
  }) => {
    await openQueue(page);
    const id = await currentId(page);
    const baseURL = test.info().project.use.baseURL as string;
    // better-auth refuses a write without the Origin a browser sends.
    const bob = await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
    const user = DEMO_USERS.find((candidate) => candidate.email === "bob@demo.local");
    expect((await bob.post("/api/auth/sign-in/email", { data: user })).status()).toBe(200);
    const response = await bob.post("/api/reviews", { data: { editId: id, verdict: "FAIL", after: null } });
    expect(response.status(), await response.text()).toBe(201);
    await bob.dispose();

    await page.keyboard.press("p");
    const conflict = page.getByTestId("conflict");
    await expect(conflict).toContainText("Bob Annotator");
    await expect(conflict).toContainText("Yours");
    await conflict.getByRole("button", { name: "Apply mine" }).click();
    await expect(page.getByTestId("done-count")).toHaveText("1");
    const newest = await queryOne<{ verdict: string }>(
      `SELECT "verdict" FROM "Review" WHERE "editId" = ${id} ORDER BY "id" DESC LIMIT 1`,
    );
    expect(newest.verdict).toBe("PASS");
  });

  test("on an edit's page, P passes it and U undoes that, both in its history", async ({ page }) => {
    const { id } = await queryOne<{ id: number }>(
      `SELECT min(e."id") AS id FROM "Edit" e WHERE e."judgeVerdict" = 'FAIL' AND NOT EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = e."id")`,
    );
    await page.goto(`/edits/${id}`);
    await expect(page.locator("html[data-hydrated]")).toBeAttached();
    await expect(page.getByTestId("reviews")).toHaveCount(0);
    await page.keyboard.press("p");
    const history = page.getByTestId("reviews");
    await expect(history).toContainText("Alice Annotator");
    await expect(page.getByTestId("edit-verdicts")).toContainText("human pass");
    await page.keyboard.press("u");
    await expect(history.locator("li")).toHaveCount(2);
    await expect(history.locator("li").first()).toContainText("human verdict taken back");
    await expect(page.getByTestId("edit-verdicts")).toContainText("not reviewed");
  });

  test("in the gallery, two selected cards fail at once with one note, and one undo restores both", async ({
    page,
  }) => {
    await page.goto("/edits?reviewed=false&judge=pass");
    await expect(page.locator("html[data-hydrated]")).toBeAttached();
    const cards = page.getByTestId("gallery-grid").locator("article[data-edit-id]");
    const ids = (
      await cards.evaluateAll((nodes) => nodes.slice(0, 2).map((node) => node.getAttribute("data-edit-id")))
    ).map(Number);
    for (const id of ids) await page.getByLabel(`Select edit ${id}`).check();
    const bar = page.getByTestId("selection-bar");
    await expect(bar.getByTestId("selected-count")).toHaveText("2");
    await bar.getByLabel("Note").fill("both blurry");
    await bar.getByRole("button", { name: "Fail all" }).click();
    await expect(bar.getByTestId("selection-message")).toContainText("2 edits marked fail");
    const stored = await queryAll<{ verdict: string; note: string }>(
      `SELECT "verdict", "note" FROM "Review" WHERE "editId" IN (${ids.join(", ")}) AND "batchId" IS NOT NULL`,
    );
    expect(stored).toEqual([
      { verdict: "FAIL", note: "both blurry" },
      { verdict: "FAIL", note: "both blurry" },
    ]);
    await bar.getByRole("button", { name: /Undo batch/ }).click();
    await expect(bar.getByTestId("selection-message")).toContainText("2 edits restored");
    const after = await queryAll<{ human: string | null }>(
      `SELECT "humanVerdict" AS human FROM "Edit" WHERE "id" IN (${ids.join(", ")})`,
    );
    expect(after).toEqual([{ human: null }, { human: null }]);
  });

  test("the keys are listed under ?", async ({ page }) => {
    await openQueue(page);
    await page.keyboard.press("?");
    await expect(page.getByRole("dialog", { name: "Keys" })).toContainText(
      "confirm the verdict of the corrected scores",
    );
  });
});

test("a viewer cannot review", async ({ page }) => {
  const response = await page.goto("/review");
  expect(response?.status()).toBe(403);
  const posted = await page.request.post("/api/reviews", { data: { editId: 1, verdict: "PASS", after: null } });
  expect(posted.status()).toBe(403);
});
