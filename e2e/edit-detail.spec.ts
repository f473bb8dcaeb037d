import { expect, test } from "@playwright/test";

import { insertEdit, queryOne } from "./database";

test("an edit opened from the gallery shows its score breakdown and compares with a slider", async ({ page }) => {
  const edit = await queryOne<{ id: number; overall: number; compliance: number }>(
    `SELECT e."id", e."overall", j."compliance" FROM "Edit" e JOIN "Judgement" j ON j."editId" = e."id" WHERE j."compliance" IS NOT NULL ORDER BY e."id" DESC LIMIT 1`,
  );
  await page.goto("/edits");
  await page.locator(`[data-edit-id="${edit.id}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`/edits/${edit.id}$`));
  const breakdown = page.getByTestId("score-breakdown");
  await expect(breakdown.getByTestId("overall")).toHaveText(edit.overall.toFixed(3));
  await expect(breakdown.locator('[data-criterion="compliance"] td').nth(1)).toHaveText(edit.compliance.toFixed(2));
  await expect(breakdown.locator('[data-criterion="compliance"] td').nth(2)).toHaveText("0.40");
  await expect(breakdown.locator('[data-criterion="technical"] td').nth(2)).toHaveText("0.15");

  await page.getByRole("tab", { name: "Slider" }).click();
  const after = page.getByTestId("slider-after");
  await expect(after).toHaveAttribute("style", /width: 50%/);
  const slider = page.getByRole("slider", { name: "Share of the edited image shown" });
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowLeft");
  await expect(after).toHaveAttribute("style", /width: 40%/);
  const box = await slider.boundingBox();
  if (!box) throw new Error("slider has no box");
  await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
  await expect(after).toHaveAttribute("style", /width: (79|80|81)%/);
});

test("an edit the release judged without scores says it is not scored", async ({ page }) => {
  const stamp = Date.now();
  const { edit, remove } = await insertEdit({ sourceUri: `e2e/source-${stamp}.jpg`, outputUri: `e2e/output-${stamp}.jpg`, shortInstruction: "Pink sky", releaseVerdict: "PASS" });
  try {
    await page.goto(`/edits/${edit.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "Pink sky" })).toBeVisible();
    await expect(page.getByTestId("score-breakdown")).toContainText("Not scored. Judge release gave pass without criterion scores.");
    await expect(page.getByText("Not reviewed.")).toBeVisible();
  } finally {
    await remove();
  }
});

test("an edit that does not exist is a 404 page", async ({ page }) => {
  const response = await page.goto("/edits/999999999");
  expect(response?.status()).toBe(404);
});
