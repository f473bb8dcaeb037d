import { insertEdit, queryAll, queryOne } from "./database";
import { expect, test } from "./fixtures";

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
  await expect(page.getByTestId("gallery-grid").locator("[data-edit-id]").first()).toBeVisible();
});

test("the human verdict facet counts reviewed edits and filters on them", async ({ page }) => {
  const { n } = await queryOne<{ n: number }>(`SELECT count(*)::int AS n FROM "Edit" WHERE "humanVerdict" = 'FAIL'`);
  expect(n).toBeGreaterThan(0);
  await page.goto("/edits");
  await expect(page.getByTestId("human-fail")).toContainText(formatCount(n));
  await page.getByTestId("human-fail").click();
  await expect(page).toHaveURL(/\/edits\?human=fail$/);
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(n));
});

test("the first thumbnails are visible within 1.5 s of opening the gallery", async ({ page }) => {
  // The page notes, at the first animation frame that has them, when the first card's two
  // thumbnails have loaded and decoded: the moment they can be seen, on the page's own
  // clock, so the time Playwright takes to ask does not count.
  await page.addInitScript(() => {
    const watch = () => {
      const images = [
        ...(document.querySelector('[data-testid="gallery-grid"] [data-edit-id]')?.querySelectorAll("img") ?? []),
      ];
      if (images.length === 2 && images.every((image) => image.complete && image.naturalWidth > 0)) {
        (window as unknown as { thumbnailsShownAt: number }).thumbnailsShownAt =
          performance.timeOrigin + performance.now();
      } else requestAnimationFrame(watch);
    };
    requestAnimationFrame(watch);
  });
  const started = Date.now();
  await page.goto("/edits");
  const shown = await page.waitForFunction(
    () => (window as unknown as { thumbnailsShownAt?: number }).thumbnailsShownAt,
    undefined,
    { timeout: 10_000 },
  );
  const shownAt = Number(await shown.jsonValue());
  expect(shownAt - started).toBeLessThan(1500);
});

test("gallery thumbnails of local images have versioned URLs served as immutable", async ({ page, request }) => {
  await page.goto("/edits");
  const src = await page.getByTestId("gallery-grid").locator("[data-edit-id] img").first().getAttribute("src");
  expect(src).toMatch(/\/api\/images\/by-id\/\d+\?w=320&v=[0-9a-f]{16}$/);
  const response = await request.get(src as string);
  expect(response.status()).toBe(200);
  expect(response.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
});

test("scrolling loads the next pages, and only the rows on screen are in the page", async ({ page }) => {
  const { n } = await queryOne<{ n: number }>(`SELECT count(*)::int AS n FROM "Edit"`);
  await page.goto("/edits");
  const grid = page.getByTestId("gallery-grid");
  await expect(grid.locator("[data-card]").first()).toBeVisible();
  // Page two loads at the end of page one, page three at the end of page two. Rows that
  // scroll out of view leave the page, so the furthest card there is what counts.
  const furthest = () =>
    grid
      .locator("[data-card]")
      .evaluateAll((cards) => Math.max(...cards.map((card) => Number(card.getAttribute("data-card")))));
  await expect
    .poll(
      async () => {
        await page.mouse.wheel(0, 3000);
        return furthest();
      },
      { timeout: 15_000 },
    )
    .toBeGreaterThanOrEqual(100);
  expect(await grid.locator("[data-card]").count()).toBeLessThan(60);
  expect(n).toBeGreaterThan(100);
});

test("arrow keys move between cards and Enter opens one; j and k step through the same view", async ({ page }) => {
  await page.goto("/edits?subsets=sft&sort=overall_desc");
  // Keys pressed before React has attached its handlers would be lost.
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  const grid = page.getByTestId("gallery-grid");
  await grid.locator('[data-card="0"] a').focus();
  await page.keyboard.press("ArrowRight");
  await expect(grid.locator('[data-card="1"] a')).toBeFocused();
  await page.keyboard.press("ArrowDown");
  const below = grid.locator("[data-card] a:focus");
  await expect(below).toHaveCount(1);
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowUp");
  await expect(grid.locator('[data-card="0"] a')).toBeFocused();
  const ids = await grid
    .locator("[data-edit-id]")
    .evaluateAll((cards) => cards.slice(0, 3).map((card) => Number(card.getAttribute("data-edit-id"))));
  const best = await queryAll<{ id: number }>(
    `SELECT "id" FROM "Edit" WHERE "origin" = 'SFT' ORDER BY "overall" DESC NULLS LAST, "id" DESC LIMIT 3`,
  );
  expect(ids).toEqual(best.map((row) => row.id));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`/edits/${ids[0]}\\?subsets=sft&sort=overall_desc$`));
  await page.keyboard.press("j");
  await expect(page).toHaveURL(new RegExp(`/edits/${ids[1]}\\?subsets=sft&sort=overall_desc$`));
  await page.keyboard.press("j");
  await expect(page).toHaveURL(new RegExp(`/edits/${ids[2]}\\?`));
  await page.keyboard.press("k");
  await expect(page).toHaveURL(new RegExp(`/edits/${ids[1]}\\?`));
});

test("search, sort and a dragged score range each land in the URL and match the database", async ({ page }) => {
  await page.goto("/edits");
  const word = (
    await queryOne<{ w: string }>(
      `SELECT split_part("shortInstruction", ' ', 2) AS w FROM "Task" WHERE "shortInstruction" LIKE '% % %' ORDER BY "id" LIMIT 1`,
    )
  ).w.toLowerCase();
  const matching = await queryOne<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" WHERE t."shortInstruction" ILIKE '%${word.replace(/'/g, "''")}%'`,
  );
  await page.getByRole("searchbox", { name: "Search short instructions" }).fill(word);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(word)}`));
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(matching.n));

  await page.goto("/edits");
  await page.getByRole("combobox", { name: "Sort" }).selectOption("realism_asc");
  await expect(page).toHaveURL(/sort=realism_asc/);
  const worst = await queryOne<{ id: number }>(
    `SELECT "id" FROM "Edit" ORDER BY "realism" ASC NULLS LAST, "id" ASC LIMIT 1`,
  );
  await expect(page.getByTestId("gallery-grid").locator("[data-edit-id]").first()).toHaveAttribute(
    "data-edit-id",
    String(worst.id),
  );

  await page.goto("/edits");
  const histogram = page.getByTestId("score-histogram");
  const box = await histogram.boundingBox();
  if (!box) throw new Error("the histogram has no box");
  await page.mouse.move(box.x + box.width * 0.72, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.85, box.y + box.height / 2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.99, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/overall_min=0\.7&overall_max=1/);
  const passing = await queryOne<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Edit" WHERE "overall" >= 0.7 AND "overall" <= 1`,
  );
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(passing.n));
});

test("a gallery link with a bad filter says which param is wrong", async ({ page }) => {
  await page.goto("/edits?overall_min=5&judge=maybe");
  await expect(page.getByRole("heading", { name: "This link has a filter the gallery cannot read" })).toBeVisible();
  await expect(page.getByText("must be at most 1")).toBeVisible();
  await expect(page.getByText("must be one of pass, fail, none")).toBeVisible();
});

test("an image that cannot load becomes a placeholder naming its URI, and the card keeps its shape", async ({
  page,
}) => {
  const stamp = Date.now();
  const { edit, remove } = await insertEdit({
    sourceUri: `e2e/gone-${stamp}.jpg`,
    outputUri: `images/positive-edit/gone-${stamp}.png`,
    shortInstruction: "Missing pictures",
  });
  const id = edit.id;
  try {
    await page.goto("/edits");
    const card = page.locator(`[data-edit-id="${id}"]`);
    await expect(card.getByTestId("image-placeholder")).toHaveCount(2);
    await expect(card.getByTestId("image-placeholder").first()).toContainText(`e2e/gone-${stamp}.jpg`);
    await expect(card.getByTestId("image-placeholder").last()).toContainText(`images/positive-edit/gone-${stamp}.png`);
    const neighbour = page.locator("[data-edit-id] img").first();
    const [placeholderBox, imageBox] = await Promise.all([
      card.getByTestId("image-placeholder").first().boundingBox(),
      neighbour.boundingBox(),
    ]);
    expect(Math.round(placeholderBox?.height ?? 0)).toBe(Math.round(imageBox?.height ?? -1));
  } finally {
    await remove();
  }
});
