import { STATE } from "./auth-state";
import { execute, queryAll, queryOne } from "./database";
import { expect, test } from "./fixtures";

// /review/stats: the judge against the annotators on the demo's reviewed edits, and an
// admin's sample for a blind second review.

const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);
const formatRate = (part: number, total: number) => (total ? `${((100 * part) / total).toFixed(1)}%` : "–");

test.describe("as an annotator", () => {
  test.use({ storageState: STATE("ANNOTATOR") });

  test("shows the judge against the annotators overall, per category, per type and per criterion", async ({ page }) => {
    const all = await queryOne<{ n: number; agreed: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE "judgeVerdict" = "humanVerdict")::int AS agreed
       FROM "Edit" WHERE "judgeVerdict" IS NOT NULL AND "humanVerdict" IS NOT NULL`,
    );
    expect(all.n).toBeGreaterThan(0);
    const type = await queryOne<{ id: number; n: number; agreed: number }>(
      `SELECT "editTypeId" AS id, count(*)::int AS n, count(*) FILTER (WHERE "judgeVerdict" = "humanVerdict")::int AS agreed
       FROM "Edit" WHERE "judgeVerdict" IS NOT NULL AND "humanVerdict" IS NOT NULL AND "editTypeId" IS NOT NULL
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
    );
    await page.goto("/review/stats");
    await expect(page.getByRole("heading", { name: "Agreement", level: 1 })).toBeVisible();

    const overall = page.getByTestId("agreement-overall").locator("tr[data-row=all]");
    await expect(overall.locator("[data-cell=n]")).toHaveText(formatCount(all.n));
    await expect(overall.locator("[data-cell=agreement]")).toHaveText(formatRate(all.agreed, all.n));
    await expect(overall.locator("[data-cell=kappa]")).toHaveText(/^(–|-?\d\.\d\d)$/);

    await expect(page.getByTestId("agreement-categories").locator("tr[data-row]")).toHaveCount(8);
    await expect(page.getByTestId("agreement-types").locator("tr[data-row]")).toHaveCount(35);
    const typeRow = page.getByTestId("agreement-types").locator(`tr[data-row=type-${type.id}]`);
    await expect(typeRow.locator("[data-cell=n]")).toHaveText(formatCount(type.n));
    await expect(typeRow.locator("[data-cell=agreement]")).toHaveText(formatRate(type.agreed, type.n));

    await expect(page.getByTestId("agreement-criteria").locator("tr[data-row]")).toHaveCount(5);
    await expect(page.getByTestId("agreement-annotators").locator("tr[data-row] [data-cell=n]")).toHaveText(/^\d+$/);
    // The sample form is an admin's.
    await expect(page.getByRole("form", { name: "Send a sample for second review" })).toHaveCount(0);
  });
});

test.describe("as an admin", () => {
  test.use({ storageState: STATE("ADMIN") });
  let lastAssignment = 0;

  test.beforeEach(async () => {
    lastAssignment = (
      await queryOne<{ id: number }>(`SELECT coalesce(max("id"), 0)::int AS id FROM "ReviewAssignment"`)
    ).id;
  });
  test.afterEach(() => execute(`DELETE FROM "ReviewAssignment" WHERE "id" > ${lastAssignment}`));

  test("sends two reviewed edits to bob that bob has not reviewed", async ({ page }) => {
    await page.goto("/review/stats");
    await expect(page.locator("html[data-hydrated]")).toBeAttached();
    const form = page.getByRole("form", { name: "Send a sample for second review" });
    await form.getByRole("combobox", { name: "Annotator" }).selectOption({ label: "Bob Annotator (bob@demo.local)" });
    await form.getByRole("spinbutton", { name: "Edits" }).fill("2");
    await form.getByRole("button", { name: "Send" }).click();
    await expect(form.getByRole("status")).toHaveText("Sent 2 reviewed edits for a blind second review.");

    const sent = await queryAll<{ human: string | null; reviewedByBob: boolean; assignedBy: string }>(
      `SELECT e."humanVerdict" AS human, sender."email" AS "assignedBy",
              EXISTS (SELECT 1 FROM "Review" r WHERE r."editId" = a."editId" AND r."reviewerId" = a."userId") AS "reviewedByBob"
       FROM "ReviewAssignment" a JOIN "Edit" e ON e."id" = a."editId" JOIN "User" u ON u."id" = a."userId"
       JOIN "User" sender ON sender."id" = a."assignedById"
       WHERE a."id" > ${lastAssignment} AND u."email" = 'bob@demo.local'`,
    );
    expect(sent).toHaveLength(2);
    for (const row of sent)
      expect(row).toEqual({ human: expect.any(String), reviewedByBob: false, assignedBy: "admin@demo.local" });
  });
});
