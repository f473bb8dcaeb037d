import fs from "node:fs";
import path from "node:path";

import type { Locator, Page } from "@playwright/test";

import { formatCount } from "../lib/format";
import { E2E_DATA_DIR } from "../playwright.config";
import { execute, insertEdit, queryOne } from "./database";
import { expect, test } from "./fixtures";

// A demo edit whose two images are files under the server's image root.
const localEdit = () =>
  queryOne<{ id: number; sourceUri: string; outputUri: string }>(
    `SELECT e."id", si."uri" AS "sourceUri", oi."uri" AS "outputUri" FROM "Edit" e JOIN "Task" t ON t."id" = e."taskId" JOIN "Image" si ON si."id" = t."sourceImageId" JOIN "Image" oi ON oi."id" = e."outputImageId"
     WHERE si."uri" LIKE 'demo/%' AND oi."uri" LIKE 'demo/%' ORDER BY e."id" LIMIT 1`,
  );

// Where an image is drawn inside its frame, in pixels: what a person sees of it.
async function placeInFrame(image: Locator) {
  const [box, frame] = await Promise.all([
    image.boundingBox(),
    image.locator("xpath=ancestor::*[@data-zoom-frame][1]").boundingBox(),
  ]);
  if (!box || !frame) throw new Error("image or frame has no box");
  return [box.x - frame.x, box.y - frame.y, box.width, box.height].map((value) => Math.round(value));
}

// When an element's text changed during the next `ms`, on the page's clock. The waiting is
// what is measured: how often something changes on its own, or that it does not.
const changeTimes = (element: Locator, ms: number) =>
  element.evaluate(
    (node, windowMs) =>
      new Promise<number[]>((resolve) => {
        const times: number[] = [];
        new MutationObserver(() => times.push(performance.now())).observe(node, {
          childList: true,
          characterData: true,
          subtree: true,
        });
        setTimeout(() => resolve(times), windowMs);
      }),
    ms,
  );

const transforms = (page: Page) =>
  page.getByTestId("zoom-layer").evaluateAll((layers) => layers.map((layer) => (layer as HTMLElement).style.transform));

test("an edit opened from the gallery shows its score breakdown and compares with a slider", async ({ page }) => {
  const edit = await queryOne<{ id: number; overall: number; compliance: number }>(
    `SELECT e."id", e."overall", j."compliance" FROM "Edit" e JOIN "Judgement" j ON j."editId" = e."id" WHERE j."compliance" IS NOT NULL AND e."humanVerdict" IS NULL ORDER BY e."id" DESC LIMIT 1`,
  );
  await page.goto("/edits");
  await page.locator(`[data-edit-id="${edit.id}"] a`).click();
  await expect(page).toHaveURL(new RegExp(`/edits/${edit.id}$`));
  await expect(page.getByTestId("edit-verdicts")).toContainText("human not reviewed");
  const breakdown = page.getByTestId("score-breakdown");
  await expect(breakdown.getByTestId("overall")).toHaveText(edit.overall.toFixed(3));
  await expect(breakdown.locator('[data-criterion="compliance"] td').nth(1)).toHaveText(edit.compliance.toFixed(2));
  await expect(breakdown.locator('[data-criterion="compliance"] td').nth(2)).toHaveText("0.40");
  await expect(breakdown.locator('[data-criterion="technical"] td').nth(2)).toHaveText("0.15");

  await page.getByRole("tab", { name: "Slider" }).click();
  // The after image is clipped from the right: inset(0 50% 0 0) shows its left half.
  const after = page.getByTestId("slider-after");
  await expect(after).toHaveAttribute("style", /inset\(0(px)? 50%/);
  const slider = page.getByRole("slider", { name: "Share of the edited image shown" });
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press("ArrowLeft");
  await expect(after).toHaveAttribute("style", /inset\(0(px)? 60%/);
  const box = await slider.boundingBox();
  if (!box) throw new Error("slider has no box");
  await page.mouse.click(box.x + box.width * 0.8, box.y + box.height / 2);
  await expect(after).toHaveAttribute("style", /inset\(0(px)? (19|20|21)%/);
});

test("an edit the release judged without scores says it is not scored", async ({ page }) => {
  const stamp = Date.now();
  const { edit, remove } = await insertEdit({
    sourceUri: `e2e/source-${stamp}.jpg`,
    outputUri: `e2e/output-${stamp}.jpg`,
    shortInstruction: "Pink sky",
    releaseVerdict: "PASS",
  });
  try {
    await page.goto(`/edits/${edit.id}`);
    await expect(page.getByRole("heading", { level: 1, name: "Pink sky" })).toBeVisible();
    await expect(page.getByTestId("score-breakdown")).toContainText(
      "Not scored. Judge release gave pass without criterion scores.",
    );
    await expect(page.getByText("Not reviewed.")).toBeVisible();
    await expect(page.getByText("Not measured yet: npm run signals")).toBeVisible();
  } finally {
    await remove();
  }
});

test("an edit's change signals show its measures, where it changed, and its flags as gallery links", async ({
  page,
}) => {
  const stamp = Date.now();
  const { edit, remove } = await insertEdit({
    sourceUri: `e2e/source-${stamp}.jpg`,
    outputUri: `e2e/output-${stamp}.jpg`,
    shortInstruction: "Blue door",
    releaseVerdict: "PASS",
  });
  await execute(
    `INSERT INTO "EditSignal" ("editId", "available", "meanAbsDiff", "changedFraction", "ssim", "grid", "sourceWidth",
       "sourceHeight", "outputWidth", "outputHeight", "noOp", "overEdit", "sizeChanged")
     VALUES (${edit.id}, true, 0.002, 0.003, 0.99, '{0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0.05}', 512, 384, 512, 512, true, false, true)`,
  );
  try {
    await page.goto(`/edits/${edit.id}`);
    const signals = page.getByTestId("signals");
    await expect(signals).toContainText("Pixels changed0.3%");
    await expect(signals).toContainText("512×384 → 512×512");
    await expect(signals.getByRole("link", { name: "no-op" })).toHaveAttribute("href", "/edits?flags=no-op");
    await expect(signals.getByRole("link", { name: "size changed" })).toHaveAttribute("href", "/edits?flags=size");
    await expect(signals.getByRole("link", { name: "over-edit" })).toHaveCount(0);

    // The flag's link: the gallery of the no-op edits, counted in the sidebar's facet.
    const { count } = await queryOne<{ count: number }>(`SELECT count(*)::int AS count FROM "EditSignal" WHERE "noOp"`);
    await signals.getByRole("link", { name: "no-op" }).click();
    await expect(page).toHaveURL("/edits?flags=no-op");
    await expect(page.getByTestId("gallery-total")).toHaveText(formatCount(count));
    await expect(page.getByTestId("flag-no-op")).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("flag-no-op")).toContainText(formatCount(count));
    await expect(page.locator(`a[href^="/edits/${edit.id}"]`).first()).toBeVisible();
  } finally {
    await execute(`DELETE FROM "EditSignal" WHERE "editId" = ${edit.id}`);
    await remove();
  }
});

test("an image that cannot load is a placeholder naming its URI in every compare mode, in the frame's shape", async ({
  page,
}) => {
  const stamp = Date.now();
  // Neither file is in the image root, as with a release whose mirror lacks them: the
  // route sends the browser to the dataset's base URL, which does not have them either.
  const { edit, remove } = await insertEdit({
    sourceUri: `e2e/gone-source-${stamp}.jpg`,
    outputUri: `images/positive-edit/gone-output-${stamp}.png`,
    shortInstruction: "Missing compare pictures",
  });
  try {
    await page.goto(`/edits/${edit.id}`);
    const stage = page.getByRole("tabpanel");
    const placeholder = (uri: string) => stage.getByTestId("image-placeholder").filter({ hasText: uri });
    for (const mode of ["Side by side", "Slider", "Flicker"]) {
      await page.getByRole("tab", { name: mode }).click();
      if (mode === "Flicker") await page.getByRole("button", { name: "Pause" }).click();
      await expect(placeholder(edit.sourceUri), mode).toHaveCount(1);
      await expect(placeholder(edit.outputUri), mode).toHaveCount(1);
      await expect(stage.locator("img"), mode).toHaveCount(0);
      const shown = mode === "Flicker" ? await page.getByTestId("flicker-label").textContent() : "both";
      if (shown !== "after")
        await expect(stage.getByRole("img", { name: "before not available" }), mode).toContainText(edit.sourceUri);
      if (shown !== "before")
        await expect(stage.getByRole("img", { name: "after not available" }), mode).toContainText(edit.outputUri);
      // The placeholder shown fills its frame, as the image would.
      const visible = placeholder(shown === "after" ? edit.outputUri : edit.sourceUri);
      const [box, frame] = await Promise.all([
        visible.boundingBox(),
        visible.locator("xpath=ancestor::*[@data-zoom-frame][1]").boundingBox(),
      ]);
      expect([box?.width, box?.height], mode).toEqual([frame?.width, frame?.height]);
    }
  } finally {
    await remove();
  }
});

test("an edit that does not exist is a 404 page", async ({ page }) => {
  const response = await page.goto("/edits/999999999");
  expect(response?.status()).toBe(404);
});

test("flicker shows before and after in turn in one place; Pause stops it, and Space or a click shows the other", async ({
  page,
}) => {
  const edit = await localEdit();
  await page.goto(`/edits/${edit.id}`);
  await page.getByRole("tab", { name: "Flicker" }).click();
  const label = page.getByTestId("flicker-label");
  const before = page.getByRole("img", { name: "before" });
  const after = page.getByRole("img", { name: "after" });
  expect(await placeInFrame(before)).toEqual(await placeInFrame(after));

  // The label changes on its own, at most every 500 ms and at least three times in 3 s.
  const changes = await changeTimes(label, 3000);
  expect(changes.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < changes.length; i++)
    expect((changes[i] as number) - (changes[i - 1] as number)).toBeGreaterThan(450);

  await page.getByRole("button", { name: "Pause" }).click();
  await expect(page.getByRole("button", { name: "Play" })).toBeVisible();
  const paused = (await label.textContent()) as "before" | "after";
  // Paused, it does not change for 1.5 s: two and a half of its 600 ms turns.
  expect(await changeTimes(label, 1500)).toEqual([]);
  await expect(label).toHaveText(paused);
  await expect(paused === "before" ? before : after).toBeVisible();
  await expect(paused === "before" ? after : before).toBeHidden();

  const other = paused === "before" ? "after" : "before";
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press("Space");
  await expect(label).toHaveText(other);
  await expect(other === "before" ? before : after).toBeVisible();
  await expect(other === "before" ? after : before).toBeHidden();
  await page.getByRole("button", { name: /^Showing the/ }).click();
  await expect(label).toHaveText(paused);
  // Space right after choosing the mode, with its tab focused, toggles too.
  await page.getByRole("tab", { name: "Flicker" }).focus();
  await page.keyboard.press("Space");
  await expect(label).toHaveText(other);
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  await page.getByRole("button", { name: "Play" }).click();
  await expect(label).toHaveText(paused);
  await expect(label).toHaveText(other);
});

test("zoom and pan show the same region of both images, the layout holds, and Reset shows them whole", async ({
  page,
}) => {
  const edit = await localEdit();
  await page.goto(`/edits/${edit.id}`);
  const stage = page.getByRole("tabpanel");
  const zoomLevel = page.getByRole("status", { name: "Zoom" });
  const before = page.getByRole("img", { name: "before" });
  const after = page.getByRole("img", { name: "after" });
  await expect(after).toBeVisible();
  const stageBox = await stage.boundingBox();
  const whole = await placeInFrame(before);
  await expect(zoomLevel).toHaveText("100%");

  await page.getByRole("button", { name: "Zoom in" }).click();
  await expect(zoomLevel).toHaveText("200%");
  expect(await transforms(page)).toEqual(["translate(-50%, -50%) scale(2)", "translate(-50%, -50%) scale(2)"]);
  const twice = await placeInFrame(before);
  expect(twice[2]).toBeCloseTo((whole[2] as number) * 2, -1);

  // The wheel over the before image zooms both around the pointer; the page does not scroll.
  const frame = await before.locator("xpath=ancestor::*[@data-zoom-frame][1]").boundingBox();
  if (!frame) throw new Error("frame has no box");
  await page.mouse.move(frame.x + frame.width * 0.25, frame.y + frame.height * 0.25);
  await page.mouse.wheel(0, -400);
  await expect(zoomLevel).not.toHaveText("200%");
  expect(await page.evaluate(() => window.scrollY)).toBe(0);

  // Dragging the after image pans both.
  const zoomed = await transforms(page);
  await page.mouse.move(frame.x + frame.width * 1.5, frame.y + frame.height / 2);
  await page.mouse.down();
  await page.mouse.move(frame.x + frame.width * 1.5 + 60, frame.y + frame.height / 2 + 40, { steps: 4 });
  await page.mouse.up();
  const panned = await transforms(page);
  expect(panned[0]).not.toBe(zoomed[0]);
  expect(panned[1]).toBe(panned[0]);
  expect(await placeInFrame(after)).toEqual(await placeInFrame(before));
  expect(await stage.boundingBox()).toEqual(stageBox);

  // Arrow keys on a focused frame pan both, the way they point, and back again.
  await page.getByRole("group", { name: "before, zoomed: arrow keys move the view" }).focus();
  await page.keyboard.press("ArrowRight");
  const keyed = await transforms(page);
  expect(keyed[1]).toBe(keyed[0]);
  const translateX = (transform: string | undefined) => Number(/translate\((-?[\d.]+)%/.exec(transform ?? "")?.[1]);
  expect(translateX(keyed[0])).toBeCloseTo(translateX(panned[0]) - 10, 3);
  await page.keyboard.press("ArrowLeft");
  expect(await transforms(page)).toEqual(panned);
  expect(await page.evaluate(() => window.scrollX)).toBe(0);

  // The view is shared by every mode.
  await page.getByRole("tab", { name: "Flicker" }).click();
  await page.getByRole("button", { name: "Pause" }).click();
  expect(await transforms(page)).toEqual([panned[0], panned[0]]);

  await page.getByRole("button", { name: "Reset zoom" }).focus();
  await page.keyboard.press("Enter");
  await expect(zoomLevel).toHaveText("100%");
  expect(await transforms(page)).toEqual(["translate(0%, 0%) scale(1)", "translate(0%, 0%) scale(1)"]);
});

test("compare images carry their file's version and are cached as immutable, thumbnails too; a stale version is sent to the current one", async ({
  page,
  request,
}) => {
  // The test changes a file's modification time: it does so on its own copies of a demo
  // edit's images, removed again at the end.
  const demo = await localEdit();
  const stamp = Date.now();
  const [sourceUri, outputUri] = [`e2e/versioned-source-${stamp}.jpg`, `e2e/versioned-output-${stamp}.jpg`];
  const imageFile = (uri: string) => path.join(E2E_DATA_DIR, "images", uri);
  fs.mkdirSync(path.dirname(imageFile(sourceUri)), { recursive: true });
  fs.copyFileSync(imageFile(demo.sourceUri), imageFile(sourceUri));
  fs.copyFileSync(imageFile(demo.outputUri), imageFile(outputUri));
  const { edit, remove } = await insertEdit({ sourceUri, outputUri, shortInstruction: "Versioned pair" });
  try {
    await page.goto(`/edits/${edit.id}`);
    const src = await page.getByRole("img", { name: "before" }).getAttribute("src");
    const [, imageId, version] = src?.match(/^\/api\/images\/by-id\/(\d+)\?v=([0-9a-f]{16})$/) ?? [];
    expect(version, `src ${src}`).toBeDefined();

    const full = await request.get(src as string);
    expect(full.status()).toBe(200);
    expect(full.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");
    const thumb = await request.get(`/api/images/by-id/${imageId}?w=320&v=${version}`);
    expect(thumb.status()).toBe(200);
    expect(thumb.headers()["content-type"]).toBe("image/webp");
    expect(thumb.headers()["cache-control"]).toBe("public, max-age=31536000, immutable");

    const unversioned = await request.get(`/api/images/by-id/${imageId}?w=320`);
    expect(unversioned.headers()["cache-control"]).toBe("public, max-age=60");
    const etag = unversioned.headers()["etag"] as string;
    expect(
      (await request.get(`/api/images/by-id/${imageId}?w=320`, { headers: { "If-None-Match": etag } })).status(),
    ).toBe(304);

    // A new modification time is a new version: the old URL now redirects, uncached.
    const file = imageFile(sourceUri);
    const later = new Date(fs.statSync(file).mtimeMs + 60_000);
    fs.utimesSync(file, later, later);
    const stale = await request.get(`/api/images/by-id/${imageId}?w=320&v=${version}`, { maxRedirects: 0 });
    expect(stale.status()).toBe(307);
    expect(stale.headers()["cache-control"]).toBe("no-store");
    const [, current] =
      stale.headers()["location"]?.match(new RegExp(`^/api/images/by-id/${imageId}\\?w=320&v=([0-9a-f]{16})$`)) ?? [];
    expect(current).toBeDefined();
    expect(current).not.toBe(version);
    await page.reload();
    await expect(page.getByRole("img", { name: "before" })).toHaveAttribute(
      "src",
      `/api/images/by-id/${imageId}?v=${current}`,
    );
  } finally {
    await remove();
    for (const uri of [sourceUri, outputUri]) fs.rmSync(imageFile(uri), { force: true });
  }
});

test("an edit whose images are remote links them without a version, and they still redirect to the dataset's base URL", async ({
  page,
  request,
}) => {
  const stamp = Date.now();
  const { edit, remove } = await insertEdit({
    sourceUri: `e2e/remote-source-${stamp}.jpg`,
    outputUri: `e2e/remote-output-${stamp}.jpg`,
    shortInstruction: "Remote pair",
  });
  // What the page asks for, read from its requests: the images themselves fail to load
  // from the base URL (it lacks them) and become placeholders.
  const requested: string[] = [];
  page.on("request", (sent) => {
    const url = new URL(sent.url());
    if (url.pathname.startsWith("/api/images/")) requested.push(url.pathname + url.search);
  });
  try {
    await page.goto(`/edits/${edit.id}`);
    const { outputImageId } = await queryOne<{ outputImageId: number }>(
      `SELECT "outputImageId" FROM "Edit" WHERE "id" = ${edit.id}`,
    );
    const src = `/api/images/by-id/${outputImageId}`;
    expect(requested).toContain(src);
    const redirected = await request.get(src, { maxRedirects: 0 });
    expect(redirected.status()).toBe(307);
    expect(redirected.headers()["location"]).toBe(
      `https://ml-site.cdn-apple.com/datasets/pico-banana-300k/nb/${edit.outputUri}`,
    );
  } finally {
    await remove();
  }
});
