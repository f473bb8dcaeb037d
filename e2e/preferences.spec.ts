import type { Page } from "@playwright/test";

import { queryAll, queryOne } from "./database";
import { expect, test } from "./fixtures";

const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);
const PAGE_SIZE = 20;

// The pairs the page must show, newest first, read from the tables: p is the pair, t its
// task, et the task's edit type.
const pairIds = async (where = "TRUE") =>
  (
    await queryAll<{ id: number }>(
      `SELECT p."id" FROM "PreferencePair" p JOIN "Task" t ON t."id" = p."taskId" LEFT JOIN "EditType" et ON et."id" = t."editTypeId"
       WHERE ${where} ORDER BY p."id" DESC`,
    )
  ).map((row) => row.id);

const shownPairs = (page: Page) =>
  page.getByTestId("pair").evaluateAll((pairs) => pairs.map((pair) => Number(pair.getAttribute("data-pair-id"))));

test("pairs are shown newest first as source, chosen and rejected, each image opening its edit", async ({ page }) => {
  const all = await pairIds();
  expect(all.length).toBeGreaterThan(0);
  const newest = await queryOne<{
    chosen: number;
    rejected: number;
    source: number;
    instruction: string;
    chosenJudged: boolean;
    chosenOverall: number | null;
    rejectedJudged: boolean;
    rejectedOverall: number | null;
  }>(
    `SELECT p."chosenEditId" AS chosen, p."rejectedEditId" AS rejected, t."sourceImageId" AS source, t."shortInstruction" AS instruction,
            ce."judgementId" IS NOT NULL AS "chosenJudged", ce."overall" AS "chosenOverall",
            re."judgementId" IS NOT NULL AS "rejectedJudged", re."overall" AS "rejectedOverall"
     FROM "PreferencePair" p JOIN "Task" t ON t."id" = p."taskId"
     JOIN "Edit" ce ON ce."id" = p."chosenEditId" JOIN "Edit" re ON re."id" = p."rejectedEditId"
     ORDER BY p."id" DESC LIMIT 1`,
  );
  await page.goto("/preferences");
  await expect(page.getByTestId("count-total")).toHaveText(formatCount(all.length));
  await expect.poll(() => shownPairs(page)).toEqual(all.slice(0, PAGE_SIZE));

  const pair = page.getByTestId("pair").first();
  await expect(pair.getByRole("heading", { name: newest.instruction })).toBeVisible();
  await expect(pair.getByRole("img")).toHaveCount(3);
  await expect(pair.getByRole("img", { name: "source" })).toHaveAttribute(
    "src",
    new RegExp(`^/api/images/by-id/${newest.source}\\?w=640`),
  );
  await expect(pair.getByRole("img", { name: `chosen, edit ${newest.chosen}` })).toBeVisible();
  await expect(pair.getByRole("img", { name: `rejected, edit ${newest.rejected}` })).toBeVisible();
  // Each side's judgement in brief: its overall (the edit's), or that it has none.
  for (const [side, judged, overall] of [
    ["chosen", newest.chosenJudged, newest.chosenOverall],
    ["rejected", newest.rejectedJudged, newest.rejectedOverall],
  ] as const) {
    const shown = pair.getByTestId(side);
    if (!judged) await expect(shown).toContainText("No judgement.");
    else {
      await expect(shown.getByTestId("overall")).toHaveText(overall === null ? "not scored" : overall.toFixed(3));
      await expect(shown.getByTestId("score-summary")).toContainText("Instruction compliance");
    }
  }

  await pair.getByRole("img", { name: `rejected, edit ${newest.rejected}` }).click();
  await expect(page).toHaveURL(new RegExp(`/edits/${newest.rejected}$`));
});

test("the older-pairs link walks every pair once", async ({ page }) => {
  const all = await pairIds();
  const limit = Math.max(1, Math.ceil(all.length / 3));
  await page.goto(`/preferences?limit=${limit}`);
  const seen: number[] = [];
  for (;;) {
    await expect(page.getByTestId("pair").first()).toHaveAttribute("data-pair-id", String(all[seen.length]));
    seen.push(...(await shownPairs(page)));
    const older = page.getByRole("link", { name: "Older pairs" });
    if ((await older.count()) === 0) break;
    await older.click();
    await expect(page).toHaveURL(new RegExp(`/preferences\\?cursor=${seen[seen.length - 1]}&limit=${limit}$`));
  }
  expect(seen).toEqual(all);
});

test("filtering by provenance and by category shows exactly their pairs", async ({ page }) => {
  const category = await queryOne<{ id: number }>(
    `SELECT et."categoryId" AS id FROM "PreferencePair" p JOIN "Task" t ON t."id" = p."taskId" JOIN "EditType" et ON et."id" = t."editTypeId"
     GROUP BY 1 ORDER BY count(*) FILTER (WHERE p."provenance" = 'HUMAN') DESC, count(*) DESC, 1 LIMIT 1`,
  );
  const human = await pairIds(`p."provenance" = 'HUMAN'`);
  expect(human.length).toBeGreaterThan(0);
  await page.goto("/preferences");
  await expect(page.getByTestId("count-human")).toHaveText(formatCount(human.length));

  await page.getByTestId("provenance-human").click();
  await expect(page).toHaveURL(/\/preferences\?provenance=human$/);
  await expect(page.getByTestId("provenance-human")).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => shownPairs(page)).toEqual(human.slice(0, PAGE_SIZE));
  await expect(page.locator('[data-testid="pair"][data-provenance="judge"]')).toHaveCount(0);

  await page.getByTestId(`category-${category.id}`).click();
  await expect(page).toHaveURL(new RegExp(`/preferences\\?categories=${category.id}&provenance=human$`));
  await expect
    .poll(() => shownPairs(page))
    .toEqual((await pairIds(`p."provenance" = 'HUMAN' AND et."categoryId" = ${category.id}`)).slice(0, PAGE_SIZE));

  await page.getByTestId("provenance-human").click();
  await expect(page).toHaveURL(new RegExp(`/preferences\\?categories=${category.id}$`));
  await expect
    .poll(() => shownPairs(page))
    .toEqual((await pairIds(`et."categoryId" = ${category.id}`)).slice(0, PAGE_SIZE));
});

test("the pairs reviews added and removed are counted, and each count opens the reviews that did it", async ({
  page,
}) => {
  for (const kind of ["added", "removed"] as const) {
    const changes = await queryAll<{ id: number; reviewId: number; reviewer: string }>(
      `SELECT c."id", c."reviewId", u."name" AS reviewer FROM "PairChange" c JOIN "Review" r ON r."id" = c."reviewId"
       JOIN "User" u ON u."id" = r."reviewerId" WHERE c."kind" = '${kind.toUpperCase()}' ORDER BY c."id" DESC`,
    );
    await page.goto("/preferences");
    const count = page.getByTestId(`count-${kind}`);
    await expect(count).toHaveText(formatCount(changes.length));
    await count.click();
    await expect(page).toHaveURL(new RegExp(`/preferences\\?changes=${kind}$`));
    await expect(page.getByRole("heading", { name: `Pairs ${kind} by reviews` })).toBeVisible();
    if (changes.length === 0) {
      await expect(page.getByText(`No review has ${kind} a pair in this view.`)).toBeVisible();
      continue;
    }
    const rows = page.getByTestId("pair-changes").locator("tbody tr");
    await expect(rows).toHaveCount(Math.min(changes.length, PAGE_SIZE));
    const newest = changes[0] as (typeof changes)[number];
    await expect(rows.first()).toHaveAttribute("data-review-id", String(newest.reviewId));
    await expect(rows.first()).toContainText(newest.reviewer);
  }
});

test("a param the page cannot read is named, and the newest pairs are shown instead", async ({ page }) => {
  const all = await pairIds();
  await page.goto("/preferences?provenance=both&judge=pass");
  // Next's route announcer is an alert too.
  const notice = page.getByRole("alert").filter({ hasText: "params" });
  await expect(notice).toContainText("judge");
  await expect(notice).toContainText("is not a param of this view");
  await expect.poll(() => shownPairs(page)).toEqual(all.slice(0, PAGE_SIZE));

  await page.goto("/preferences?provenance=both");
  await expect(page.getByRole("alert").filter({ hasText: "params" })).toContainText(
    "provenance: must be one of judge, human",
  );
});
