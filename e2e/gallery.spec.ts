import { expect, test } from "@playwright/test";

import { insertEdit, queryOne } from "./database";

const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);

test("filtering by a category in the sidebar shows its count, and a reload keeps the view", async ({ page }) => {
  const category = await queryOne<{ id: number; n: number }>(
    `SELECT t."categoryId" AS id, count(*)::int AS n FROM "Edit" e JOIN "EditType" t ON t."id" = e."editTypeId" GROUP BY 1 ORDER BY 2 DESC LIMIT 1`,
  );
  await page.goto("/edits");
  const link = page.getByTestId(`category-${category.id}`);
  await expect(link).toContainText(formatCount(category.n));
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/edits\\?categories=${category.id}$`));
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(category.n));
  await expect(page.getByTestId(`category-${category.id}`)).toHaveAttribute("aria-pressed", "true");
  await page.reload();
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(category.n));
  await expect(page.getByTestId("gallery-grid").locator("li")).toHaveCount(Math.min(48, category.n));
});

test("a gallery link with a bad filter says which param is wrong", async ({ page }) => {
  await page.goto("/edits?overall_min=5&judge=maybe");
  await expect(page.getByRole("heading", { name: "This link has a filter the gallery cannot read" })).toBeVisible();
  await expect(page.getByText("must be at most 1")).toBeVisible();
  await expect(page.getByText("must be one of pass, fail, none")).toBeVisible();
});

test("an image that cannot load becomes a placeholder naming its URI, and the card keeps its shape", async ({ page }) => {
  const stamp = Date.now();
  const { edit, remove } = await insertEdit({ sourceUri: `e2e/gone-${stamp}.jpg`, outputUri: `images/positive-edit/gone-${stamp}.png`, shortInstruction: "Missing pictures" });
  const id = edit.id;
  try {
    await page.goto("/edits");
    const card = page.locator(`[data-edit-id="${id}"]`);
    await expect(card.getByTestId("image-placeholder")).toHaveCount(2);
    await expect(card.getByTestId("image-placeholder").first()).toContainText(`e2e/gone-${stamp}.jpg`);
    await expect(card.getByTestId("image-placeholder").last()).toContainText(`images/positive-edit/gone-${stamp}.png`);
    const neighbour = page.locator("[data-edit-id] img").first();
    const [placeholderBox, imageBox] = await Promise.all([card.getByTestId("image-placeholder").first().boundingBox(), neighbour.boundingBox()]);
    expect(Math.round(placeholderBox?.height ?? 0)).toBe(Math.round(imageBox?.height ?? -1));
  } finally {
    await remove();
  }
});
