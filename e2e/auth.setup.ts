import { expect, test as setup } from "@playwright/test";

import { DEMO_USERS } from "../lib/demo/users";
import { STATE } from "./auth-state";

// Signs in once per role through the real sign-in page, and keeps each browser's state
// (its session cookie) for the specs.

for (const role of ["VIEWER", "ANNOTATOR", "ADMIN"] as const) {
  setup(`sign in as the demo's ${role.toLowerCase()}`, async ({ page }) => {
    const user = DEMO_USERS.find((candidate) => candidate.role === role);
    if (!user) throw new Error(`the demo has no ${role}`);
    await page.goto("/sign-in");
    await page.getByLabel("Email").fill(user.email);
    await page.getByLabel("Password").fill(user.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByTestId("user-menu")).toContainText(user.name);
    await page.context().storageState({ path: STATE(role) });
  });
}
