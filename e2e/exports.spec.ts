import fs from "node:fs/promises";
import path from "node:path";

import { request as playwrightRequest, type Download, type Locator, type Page } from "@playwright/test";

import { formatCount } from "../lib/format";
import { E2E_DATA_DIR } from "../playwright.config";
import { STATE } from "./auth-state";
import { queryAll, queryOne } from "./database";
import { expect, test as base } from "./fixtures";

// Exports from the gallery and from /exports, as a viewer. The worker runs beside the e2e
// server (scripts/start.ts), so a job runs to the end here as it does in production.

// The app only marks a deleted export: each test's export rows go for good after it, with
// their files, so that the next spec finds ExportJob as it was.
const test = base.extend<{ exportsRemoved: void }>({
  exportsRemoved: [
    async ({ leavesDatabaseAsFound: _checkedAfterwards }, use) => {
      const { last } = await lastExportId();
      await use();
      const removed = await queryAll<{ id: number }>(`DELETE FROM "ExportJob" WHERE "id" > ${last} RETURNING "id"`);
      for (const { id } of removed)
        await fs.rm(path.join(E2E_DATA_DIR, "exports", String(id)), { recursive: true, force: true });
    },
    { auto: true },
  ],
});

const lastExportId = () => queryOne<{ last: number }>(`SELECT coalesce(max("id"), 0) AS last FROM "ExportJob"`);

// Time for the worker to pick a job up (it polls every second) and write the demo's edits.
const JOB_DONE = { timeout: 20_000 };

const countOf = (text: string) => Number(text.replace(/,/g, ""));

const row = (page: Page, id: number): Locator => page.locator(`tr[data-export-id="${id}"]`);

async function openExports(page: Page, query = "") {
  await page.goto(`/exports${query}`);
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
}

async function saved(download: Download): Promise<string> {
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);
  return fs.readFile(file, "utf8");
}

// The records of a CSV file, read as RFC 4180 says: a line break ends a record unless it is
// inside a quoted field (a doubled quote inside one flips twice, so it changes nothing).
// Also counts the records that end with CRLF, as every one must.
function csvRecords(text: string): { records: number; crlf: number } {
  let records = 0;
  let crlf = 0;
  let quoted = false;
  for (let at = 0; at < text.length; at++) {
    if (text[at] === '"') quoted = !quoted;
    else if (text[at] === "\n" && !quoted) {
      records += 1;
      if (text[at - 1] === "\r") crlf += 1;
    }
  }
  return { records, crlf };
}

test("a filtered gallery downloads as CSV with one record per edit, and /exports lists it as done", async ({
  page,
}) => {
  await page.goto("/edits?effective=pass");
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  const total = countOf(await page.getByTestId("gallery-total").innerText());
  expect(total).toBeGreaterThan(0);
  const control = page.getByTestId("export-control");
  await control.getByLabel("Export format").selectOption("csv");
  const link = control.getByRole("link", { name: "Download", exact: true });
  // The filter alone: the view's sort and page stay out of the export.
  await expect(link).toHaveAttribute("href", "/api/exports/download?format=csv&effective=pass");
  const downloading = page.waitForEvent("download");
  await link.click();
  const download = await downloading;
  const name = /^export-(\d+)-edits\.csv$/.exec(download.suggestedFilename());
  expect(name, download.suggestedFilename()).not.toBeNull();
  const { records, crlf } = csvRecords(await saved(download));
  expect(crlf).toBe(records);
  // A header, then one record per edit.
  expect(records - 1).toBe(total);

  await openExports(page);
  const job = row(page, Number(name?.[1]));
  await expect(job.getByTestId("export-status")).toHaveText("done");
  await expect(job.getByTestId("export-rows")).toHaveText(formatCount(total));
  await expect(job.getByTestId("export-filter")).toHaveAttribute("href", "/edits?effective=pass");
  await expect(job.getByText("download", { exact: true })).toBeVisible();
});

test("the gallery's Run as job fills the form; the job runs to done and its manifest counts the rows shown", async ({
  page,
}) => {
  await page.goto("/edits?effective=pass");
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  await page.getByTestId("export-control").getByRole("link", { name: "Run as job" }).click();
  await expect(page).toHaveURL(/\/exports\?filter=effective%3Dpass$/);
  await expect(page.locator("html[data-hydrated]")).toBeAttached();
  const form = page.getByRole("form", { name: "New export job" });
  await expect(form.getByLabel("Filter", { exact: true })).toHaveValue("effective=pass");

  // The server's message for a filter it cannot read shows as it is.
  await form.getByLabel("Filter", { exact: true }).fill("effective=pass&colour=red");
  await form.getByRole("button", { name: "Start export" }).click();
  await expect(form.getByRole("alert")).toHaveText("colour: is not a filter field (see the gallery's URL)");

  await form.getByLabel("Format").selectOption("multi-turn");
  await expect(form.getByLabel(/^Prefix/)).toBeVisible();
  await form.getByLabel("Format").selectOption("parquet");
  await expect(form.getByLabel(/^Prefix/)).toHaveCount(0);
  await form.getByLabel("Filter", { exact: true }).fill("effective=pass");
  const posted = page.waitForResponse(
    (response) => response.url().endsWith("/api/exports") && response.request().method() === "POST",
  );
  await form.getByRole("button", { name: "Start export" }).click();
  const { id } = (await (await posted).json()) as { id: number };
  await expect(form.getByRole("status")).toHaveText(`Export ${id} queued.`);

  const job = row(page, id);
  await expect(job.getByTestId("export-status")).toHaveText("done", JOB_DONE);
  const rows = countOf(await job.getByTestId("export-rows").innerText());
  expect(rows).toBeGreaterThan(0);
  const downloading = page.waitForEvent("download");
  await job.getByRole("link", { name: "manifest.json" }).click();
  const manifest = JSON.parse(await saved(await downloading));
  expect(manifest.files[0]).toMatchObject({ name: "edits.parquet", rows });
  // The flat table has a row per edit the filter matched.
  expect(manifest.counts.edits).toBe(rows);
  await job.getByText(`${formatCount(rows)} edits matched`).click();
  await expect(job.getByRole("table", { name: "per effective verdict" }).getByRole("cell")).toHaveText([
    "pass",
    formatCount(rows),
  ]);
});

test("a viewer cannot cancel or delete an admin's export, and is shown no buttons for it", async ({
  page,
  baseURL,
}) => {
  const admin = await playwrightRequest.newContext({ baseURL, storageState: STATE("ADMIN") });
  try {
    const created = await admin.post("/api/exports", { data: { format: "sft", filter: "effective=pass" } });
    expect(created.status(), await created.text()).toBe(201);
    const { id } = (await created.json()) as { id: number };
    await expect
      .poll(async () => ((await (await admin.get(`/api/exports/${id}`)).json()) as { status: string }).status, JOB_DONE)
      .toBe("DONE");

    const cancel = await page.request.post(`/api/exports/${id}/cancel`);
    expect(cancel.status()).toBe(403);
    expect((await cancel.json()).error.message).toBe(
      `Only the person who started export ${id}, or an admin, may cancel it.`,
    );
    expect((await page.request.delete(`/api/exports/${id}`)).status()).toBe(403);
    expect((await page.request.post(`/api/exports/${id}/retry`)).status()).toBe(403);

    await openExports(page);
    const job = row(page, id);
    await expect(job.getByTestId("export-status")).toHaveText("done");
    await expect(job.getByRole("link", { name: "sft.jsonl" })).toBeVisible();
    await expect(job.getByRole("button")).toHaveCount(0);
    expect((await admin.delete(`/api/exports/${id}`)).status()).toBe(204);
  } finally {
    await admin.dispose();
  }
});

test("its creator deletes an export: it leaves the list and its files are gone", async ({ page }) => {
  const created = await page.request.post("/api/exports", { data: { format: "jsonl", filter: "effective=fail" } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  await openExports(page);
  const job = row(page, id);
  await expect(job.getByTestId("export-status")).toHaveText("done", JOB_DONE);
  const manifest = `/api/exports/${id}/files/manifest.json`;
  expect((await page.request.get(manifest)).status()).toBe(200);
  await job.getByRole("button", { name: "Delete" }).click();
  await expect(job).toHaveCount(0);
  expect((await page.request.get(`/api/exports/${id}`)).status()).toBe(404);
  expect((await page.request.get(manifest)).status()).toBe(404);
});

test("a download with a param it cannot read is a 400 that names the param, and writes no export", async ({ page }) => {
  const { last } = await lastExportId();
  const cases = [
    ["format=xml", "format: must be one of sft, preference, multi-turn, jsonl, csv, parquet"],
    ["effective=pass", "format: is missing"],
    ["format=csv&prefix=maybe", "prefix: must be true or false"],
    ["format=csv&colour=red", "colour: is not a filter field"],
    ["format=csv&overall_min=abc", "overall_min"],
    ["format=csv&q=a%00b", "q: holds a control character"],
  ];
  for (const [query, message] of cases) {
    const response = await page.request.get(`/api/exports/download?${query}`);
    expect(response.status(), query).toBe(400);
    expect((await response.json()).error.message, query).toContain(message);
  }
  expect(await lastExportId()).toEqual({ last });
});
