import { DEMO_USERS } from "../lib/demo/users";
import { STATE } from "./auth-state";
import { execute } from "./database";
import { expect, test } from "./fixtures";

// Signing in and out, what each role sees, and an admin making an account.

const demo = (role: "VIEWER" | "ANNOTATOR" | "ADMIN") => DEMO_USERS.find((user) => user.role === role)!;

test.describe("a visitor without a session", () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test("is sent to sign in, and comes back to the page asked for", async ({ page }) => {
    await page.goto("/edits?types=1");
    await expect(page).toHaveURL(/\/sign-in\?next=%2Fedits%3Ftypes%3D1$/);
    await page.getByLabel("Email").fill(demo("VIEWER").email);
    await page.getByLabel("Password").fill(demo("VIEWER").password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/edits\?types=1$/);
    await expect(page.getByTestId("user-role")).toHaveText("viewer");
  });

  test("is told the same for a wrong password and an unknown email", async ({ page }) => {
    await page.goto("/sign-in");
    for (const email of [demo("VIEWER").email, "nobody@demo.local"]) {
      await page.getByLabel("Email").fill(email);
      await page.getByLabel("Password").fill("certainly-not-it");
      await page.getByRole("button", { name: "Sign in" }).click();
      await expect(page.getByRole("form", { name: "Sign in" }).getByRole("alert")).toHaveText(
        "Invalid email or password",
      );
    }
    await execute(`DELETE FROM "SignInFailure"`);
  });

  test("signs out, after which pages ask for sign-in again", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(demo("ANNOTATOR").email);
    await page.getByLabel("Password").fill(demo("ANNOTATOR").password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("user-menu")).toContainText(demo("ANNOTATOR").name);
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await page.goto("/");
    await expect(page).toHaveURL(/\/sign-in\?next=%2F$/);
  });
});

for (const [role, sees, hidden] of [
  ["VIEWER", ["Gallery", "Exports", "Judges"], ["Review", "Users"]],
  ["ANNOTATOR", ["Gallery", "Review"], ["Users"]],
  ["ADMIN", ["Gallery", "Review", "Users"], []],
] as const) {
  test.describe(`the demo's ${role.toLowerCase()}`, () => {
    test.use({ storageState: STATE(role) });

    test("sees the sections of the role and no others", async ({ page }) => {
      await page.goto("/");
      const nav = page.getByRole("navigation", { name: "Sections" });
      for (const label of sees) await expect(nav.getByRole("link", { name: label, exact: true })).toBeVisible();
      for (const label of hidden) await expect(nav.getByRole("link", { name: label, exact: true })).toHaveCount(0);
      await expect(page.getByTestId("user-menu")).toContainText(demo(role).name);
    });
  });
}

test.describe("an admin", () => {
  test.use({ storageState: STATE("ADMIN") });
  const email = `new-annotator-${process.pid}@demo.local`;
  // Opening the review page, the new annotator claimed edits.
  test.afterEach(() =>
    execute(
      `DELETE FROM "ReviewClaim" WHERE "userId" IN (SELECT "id" FROM "User" WHERE "email" = '${email}');
       DELETE FROM "User" WHERE "email" = '${email}'`,
    ),
  );

  test("creates an annotator, who then signs in and reviews", async ({ page, browser }) => {
    await page.goto("/admin/users");
    const form = page.getByRole("form", { name: "Create a user" });
    await form.getByLabel("Email").fill(email);
    await form.getByLabel("Name").fill("New Annotator");
    await form.getByLabel("Role").selectOption("ANNOTATOR");
    await form.getByRole("button", { name: "Create" }).click();
    await expect(form.getByRole("status")).toContainText(`Created ${email} (annotator).`);
    const password = await form.getByTestId("new-password").textContent();
    await expect(page.locator(`tr[data-email="${email}"]`)).toContainText("annotator");

    const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const them = await other.newPage();
    await them.goto("/sign-in?next=%2Freview");
    await them.getByLabel("Email").fill(email);
    await them.getByLabel("Password").fill(password ?? "");
    await them.getByRole("button", { name: "Sign in" }).click();
    await expect(them).toHaveURL(/\/review$/);
    await expect(them.getByTestId("user-role")).toHaveText("annotator");

    // Disabled, their session ends at once.
    await page.locator(`tr[data-email="${email}"]`).getByRole("button", { name: "Disable" }).click();
    await expect(page.locator(`tr[data-email="${email}"]`)).toContainText("disabled");
    await them.reload();
    await expect(them).toHaveURL(/\/sign-in\?next=%2Freview$/);
    await other.close();
  });
});
