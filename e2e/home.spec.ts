import { queryAll, queryOne } from "./database";
import { expect, test } from "./fixtures";

const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);

test("the overview shows the demo's figures, read from the database", async ({ page }) => {
  const counts = await queryOne<{ tasks: number; edits: number; reviews: number; passed: number; judged: number }>(
    `SELECT (SELECT count(*)::int FROM "Task") AS tasks, (SELECT count(*)::int FROM "Edit") AS edits, (SELECT count(*)::int FROM "Review") AS reviews,
            (SELECT count(*)::int FROM "Edit" WHERE "judgeVerdict" = 'PASS') AS passed, (SELECT count("judgeVerdict")::int FROM "Edit") AS judged`,
  );
  expect(counts.tasks).toBe(500);

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("stat-tasks")).toHaveText(formatCount(counts.tasks));
  await expect(page.getByTestId("stat-edits")).toHaveText(formatCount(counts.edits));
  await expect(page.getByTestId("stat-reviews")).toHaveText(formatCount(counts.reviews));
  await expect(page.getByTestId("stat-judge-pass-rate")).toHaveText(
    `${((100 * counts.passed) / counts.judged).toFixed(1)}%`,
  );
  await expect(page.getByTestId("last-import")).toContainText("demo --tasks 500 --seed 1");

  const subsets = await queryAll<{ subset: string; tasks: number; edits: number }>(
    `SELECT CASE "origin" WHEN 'SFT' THEN 'sft' WHEN 'MULTI_TURN' THEN 'multi-turn' ELSE 'preference' END AS subset, count(DISTINCT "taskId")::int AS tasks, count(*)::int AS edits FROM "Edit" GROUP BY 1`,
  );
  expect(subsets).toHaveLength(3);
  for (const subset of subsets) {
    const row = page.locator(`[data-subset="${subset.subset}"]`);
    await expect(row.locator("td").nth(1)).toHaveText(formatCount(subset.tasks));
    await expect(row.locator("td").nth(2)).toHaveText(formatCount(subset.edits));
  }

  const categories = await queryAll<{ name: string; edits: number }>(
    `SELECT c."name", count(e."id")::int AS edits FROM "Category" c JOIN "EditType" t ON t."categoryId" = c."id" LEFT JOIN "Edit" e ON e."editTypeId" = t."id" GROUP BY c."name"`,
  );
  expect(categories).toHaveLength(8);
  for (const category of categories) {
    await expect(page.locator(`[data-category="${category.name}"]`)).toContainText(formatCount(category.edits));
  }
});

test("the latest edits show drawn before and after thumbnails that differ", async ({ page, request }) => {
  await page.goto("/");
  const images = page.locator("main img");
  await expect(images).toHaveCount(12);
  for (let i = 0; i < 12; i++) {
    await images.nth(i).scrollIntoViewIfNeeded();
    await expect
      .poll(() => images.nth(i).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
      .toBe(320);
  }
  const [before, after] = await Promise.all([images.nth(0).getAttribute("src"), images.nth(1).getAttribute("src")]);
  const [beforeBytes, afterBytes] = await Promise.all([
    request.get(before ?? "").then((r) => r.body()),
    request.get(after ?? "").then((r) => r.body()),
  ]);
  expect(beforeBytes.equals(afterBytes)).toBe(false);
});
