import { queryOne } from "./database";
import { expect, test } from "./fixtures";

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

const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);
const formatRate = (passed: number, total: number) => `${((100 * passed) / total).toFixed(1)}%`;
const biggestType = `SELECT "editTypeId" AS id FROM "Edit" WHERE "editTypeId" IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1`;

test("the pass-rate chart has a judge and an effective bar per type, and a bar opens the edits it counts", async ({
  page,
}) => {
  const type = await queryOne<{ id: number; passed: number; judged: number }>(
    `SELECT "editTypeId" AS id, count(*) FILTER (WHERE "effectiveVerdict" = 'PASS')::int AS passed, count("effectiveVerdict")::int AS judged
     FROM "Edit" WHERE "editTypeId" = (${biggestType}) GROUP BY 1`,
  );
  await page.goto("/taxonomy");
  await expect(page.locator("[data-testid^=pass-bar-judge-]")).toHaveCount(35);
  await expect(page.locator("[data-testid^=pass-bar-effective-]")).toHaveCount(35);
  const bar = page.getByTestId(`pass-bar-effective-${type.id}`);
  await expect(bar).toHaveAttribute(
    "aria-label",
    new RegExp(
      `: ${formatRate(type.passed, type.judged).replace(".", "\\.")}, ${formatCount(type.passed)} of ${formatCount(type.judged)} edits`,
    ),
  );
  await bar.click();
  await expect(page).toHaveURL(new RegExp(`/edits\\?types=${type.id}&effective=pass$`));
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(type.passed));
});

test("a histogram bin opens the gallery on the edits it counts", async ({ page }) => {
  const type = await queryOne<{ id: number; n: number }>(
    `SELECT "editTypeId" AS id, count(*)::int AS n FROM "Edit" WHERE "editTypeId" = (${biggestType}) AND "overall" >= 0.7 AND "overall" < 0.75 GROUP BY 1`,
  );
  await page.goto("/taxonomy");
  const bin = page.getByTestId(`histogram-${type.id}`).locator("a").nth(14);
  await expect(bin).toHaveAccessibleName(new RegExp(`overall 0\\.70 to 0\\.75: ${formatCount(type.n)} edits$`));
  await bin.click();
  await expect(page).toHaveURL(new RegExp(`/edits\\?types=${type.id}&overall_min=0\\.7&overall_max=0\\.749999999$`));
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(type.n));
});

// Every table the app writes, summed up: the what-if control must leave all of it as it was.
const snapshot = () =>
  queryOne<{ edits: string; judgements: number; reviews: number; pairs: number }>(
    `SELECT (SELECT md5(string_agg(concat_ws(',', "id", "judgeVerdict", "humanVerdict", "effectiveVerdict", "overall", "compliance", "realism", "preservation", "technical"), ';' ORDER BY "id")) FROM "Edit") AS edits,
            (SELECT count(*)::int FROM "Judgement") AS judgements, (SELECT count(*)::int FROM "Review") AS reviews, (SELECT count(*)::int FROM "PreferencePair") AS pairs`,
  );

test("moving the threshold recomputes a type's rate without writing, and the link keeps it", async ({ page }) => {
  const type = await queryOne<{ id: number; scored: number; passed: number; at05: number }>(
    `SELECT "editTypeId" AS id, count(*)::int AS scored, count(*) FILTER (WHERE "judgeVerdict" = 'PASS')::int AS passed, count(*) FILTER (WHERE "overall" >= 0.5)::int AS at05
     FROM "Edit" WHERE "editTypeId" = (${biggestType}) AND "compliance" IS NOT NULL GROUP BY 1`,
  );
  expect(type.at05).toBeGreaterThan(type.passed);
  const before = await snapshot();
  const methods: string[] = [];
  page.on("request", (request) => methods.push(request.method()));

  await page.goto("/taxonomy");
  const whatIf = page.getByTestId(`what-if-type-${type.id}-what-if`);
  await expect(page.getByTestId(`what-if-type-${type.id}-current`)).toHaveText(formatRate(type.passed, type.scored));
  await expect(whatIf).toHaveText(formatRate(type.passed, type.scored));
  await expect(page.getByTestId(`what-if-type-${type.id}-delta`)).toHaveText("0.0 pp");

  await page.getByLabel("Pass threshold").fill("0.5");
  await expect(page.getByTestId(`threshold-line-${type.id}`)).toHaveAttribute("data-threshold", "0.5");
  await expect(whatIf).toHaveText(formatRate(type.at05, type.scored));
  await expect(page.getByTestId(`what-if-type-${type.id}-delta`)).toHaveText(
    `+${((100 * (type.at05 - type.passed)) / type.scored).toFixed(1)} pp`,
  );
  await expect(page).toHaveURL(/\/taxonomy\?threshold=0\.5$/);
  expect(methods.filter((method) => method !== "GET")).toEqual([]);
  expect(await snapshot()).toEqual(before);

  await page.reload();
  await expect(page.getByLabel("Pass threshold")).toHaveValue("0.5");
  await expect(whatIf).toHaveText(formatRate(type.at05, type.scored));
  await whatIf.click();
  await expect(page).toHaveURL(new RegExp(`/edits\\?types=${type.id}&overall_min=0\\.5$`));
  await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(type.at05));
});

test("weights show their normalized shares, and reset brings back the current rule", async ({ page }) => {
  await page.goto("/taxonomy?threshold=0.6");
  await expect(page.getByTestId("what-if-weight-compliance")).toHaveText("40.0%");
  await page.getByLabel("Weight of technical quality").fill("0");
  await expect(page.getByTestId("what-if-weight-compliance")).toHaveText("47.1%");
  await expect(page.getByTestId("what-if-weight-technical")).toHaveText("0.0%");
  await expect(page).toHaveURL(/threshold=0\.6&w_compliance=0\.4&w_realism=0\.25&w_preservation=0\.2&w_technical=0$/);
  await page.getByRole("button", { name: "Reset to the current rule" }).click();
  await expect(page.getByTestId("what-if-weight-technical")).toHaveText("15.0%");
  await expect(page.getByTestId("what-if-threshold")).toHaveText("0.70");
  await expect(page).toHaveURL(/\/taxonomy$/);
  await expect(page.getByTestId("what-if-total-delta")).toHaveText("0.0 pp");
});

test("GET /api/taxonomy/what-if names a bad param", async ({ request }) => {
  const bad = await request.get("/api/taxonomy/what-if?threshold=high&w_realism=-1");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: { code: "INVALID_INPUT", message: "threshold: must be a number; w_realism: must be at least 0" },
  });
});
