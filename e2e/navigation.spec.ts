import { STATE } from "./auth-state";
import { execute, queryOne } from "./database";
import { expect, test } from "./fixtures";

// As an annotator, who sees every section but the admin's.
test.use({ storageState: STATE("ANNOTATOR") });

const SECTIONS = [
  { label: "Gallery", path: "/edits", heading: "Gallery" },
  { label: "Taxonomy", path: "/taxonomy", heading: "Taxonomy" },
  { label: "Sequences", path: "/sequences", heading: "Sequences" },
  { label: "Review", path: "/review", heading: "Review" },
  { label: "Preferences", path: "/preferences", heading: "Preferences" },
  { label: "Exports", path: "/exports", heading: "Exports" },
  { label: "Judges", path: "/judges", heading: "Judges" },
  { label: "Overview", path: "/", heading: "Overview" },
];

test("the navigation reaches every section and marks the current one", async ({ page }) => {
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Sections" });
  for (const section of SECTIONS) {
    await nav.getByRole("link", { name: section.label, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${section.path.replace("/", "\\/")}$`));
    await expect(page.getByRole("heading", { level: 1, name: section.heading })).toBeVisible();
    await expect(nav.getByRole("link", { name: section.label, exact: true })).toHaveAttribute("aria-current", "page");
  }
});

test("the by-id image route serves local files, redirects the rest to the dataset's base URL, and names a bad id", async ({
  request,
}) => {
  const local = await queryOne<{ id: number }>(`SELECT "id" FROM "Image" WHERE "uri" LIKE 'demo/%' LIMIT 1`);
  const served = await request.get(`/api/images/by-id/${local.id}`);
  expect(served.status()).toBe(200);
  expect(served.headers()["content-type"]).toBe("image/jpeg");
  // Through the server too, a Range gets its part.
  const whole = await served.body();
  const part = await request.get(`/api/images/by-id/${local.id}`, { headers: { Range: "bytes=0-9" } });
  expect(part.status()).toBe(206);
  expect(part.headers()["content-range"]).toBe(`bytes 0-9/${whole.length}`);
  expect(await part.body()).toEqual(whole.subarray(0, 10));

  const uri = `images/positive-edit/e2e-${Date.now()}.png`;
  const remote = await queryOne<{ id: number }>(`INSERT INTO "Image" ("uri") VALUES ('${uri}') RETURNING "id"`);
  try {
    const redirected = await request.get(`/api/images/by-id/${remote.id}`, { maxRedirects: 0 });
    expect(redirected.status()).toBe(307);
    expect(redirected.headers()["location"]).toBe(`https://ml-site.cdn-apple.com/datasets/pico-banana-300k/nb/${uri}`);
  } finally {
    await execute(`DELETE FROM "Image" WHERE "id" = ${remote.id}`);
  }

  const thumb = await request.get(`/api/images/by-id/${local.id}?w=320`);
  expect(thumb.status()).toBe(200);
  expect(thumb.headers()["content-type"]).toBe("image/webp");
  expect((await request.get(`/api/images/by-id/${local.id}?w=300`)).status()).toBe(400);

  const bad = await request.get("/api/images/by-id/abc");
  expect(bad.status()).toBe(400);
  expect(await bad.json()).toEqual({
    error: { code: "INVALID_INPUT", message: "id: must be a whole number from 1 to 2147483647" },
  });
  expect((await request.get("/api/images/by-id/99999999999")).status()).toBe(400);
  expect((await request.get("/api/images/by-id/999999999")).status()).toBe(404);
});
