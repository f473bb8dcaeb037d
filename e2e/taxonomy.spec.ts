import { expect, test } from "@playwright/test";

import { queryOne } from "./database";

test("a taxonomy figure opens the gallery on exactly the edits it counts", async ({ page }) => {
  const type = await queryOne<{ id: number; passed: number }>(
    `SELECT "editTypeId" AS id, count(*) FILTER (WHERE "judgeVerdict" = 'PASS')::int AS passed FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
  );
  await page.goto("/taxonomy");
  await expect(page.locator("tbody tr[data-type]")).toHaveCount(35);
  await expect(page.locator("tbody tr[data-category]")).toHaveCount(8);
  const sft = page.getByTestId(`type-${type.id}-sft`);
  const shown = (await sft.textContent()) ?? "";
  await sft.click();
  await expect(page).toHaveURL(new RegExp(`/edits\\?types=${type.id}&subsets=sft$`));
  await expect(page.getByTestId("gallery-total")).toHaveText(shown);

  await page.goto("/taxonomy");
  await page.getByTestId(`type-${type.id}-judge-rate`).click();
  await expect(page).toHaveURL(new RegExp(`/edits\\?types=${type.id}&judge=pass$`));
  await expect(page.getByTestId("gallery-total")).toHaveText(new Intl.NumberFormat("en-US").format(type.passed));
});
