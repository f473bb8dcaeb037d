import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

import { E2E_DATA_DIR } from "../playwright.config";
import { execute, queryAll, queryOne } from "./database";
import { expect, test } from "./fixtures";

const run = promisify(execFile);
const formatCount = (n: number) => new Intl.NumberFormat("en-US").format(n);

// The tables an import writes, children first, each with the column its new rows grow.
const IMPORTED = [
  { table: "PairChange", column: "id", mark: "PairChange" },
  { table: "PreferencePair", column: "id", mark: "PreferencePair" },
  { table: "SequenceTurn", column: "sequenceId", mark: "Sequence" },
  { table: "Sequence", column: "id", mark: "Sequence" },
  { table: "Judgement", column: "id", mark: "Judgement" },
  { table: "Edit", column: "id", mark: "Edit" },
  { table: "Task", column: "id", mark: "Task" },
  { table: "ImportError", column: "id", mark: "ImportError" },
  { table: "ImportBatch", column: "id", mark: "ImportBatch" },
  { table: "Image", column: "id", mark: "Image" },
];

// Undoes the test's import afterwards, passed or failed. Tests run one at a time
// (playwright.config.ts), so the rows above each table's newest id before the test are the
// import's; deleting them (the triggers take their facet counts and search rows along)
// leaves the database as it was, which leavesDatabaseAsFound then checks.
const importTest = test.extend<{ importUndone: void }>({
  importUndone: [
    async ({ leavesDatabaseAsFound: _checkedAfterwards }, use) => {
      const marks = await queryOne<Record<string, number>>(
        `SELECT ${IMPORTED.map(({ mark }) => `(SELECT coalesce(max("id"), 0) FROM "${mark}") AS "${mark}"`).join(", ")}`,
      );
      await use();
      await execute(
        IMPORTED.map(({ table, column, mark }) => `DELETE FROM "${table}" WHERE "${column}" > ${marks[mark]};`).join(
          "\n",
        ),
      );
    },
    { auto: true },
  ],
});

importTest("records imported with the CLI show up in the overview's figures", async ({ page }) => {
  const fixtures = ["sft.jsonl", "preference.jsonl", "multi-turn.jsonl"].map((name) =>
    path.join("lib/import/fixtures", name),
  );
  // The fixtures hold bad lines on purpose: the CLI says so with exit status 1. Without
  // DATABASE_URL, the CLI finds the embedded database that the app's process serves.
  const result = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/import.ts", ...fixtures], {
    env: { ...process.env, DATABASE_URL: "", DATA_DIR: E2E_DATA_DIR },
  }).catch((error: { code: number; stdout: string }) => error);
  expect("code" in result ? result.code : 0).toBe(1);
  expect(result.stdout).toContain("multi-turn.jsonl: multi-turn, 2 new, 0 already present, 1 rejected");

  const counts = await queryOne<{ tasks: number; edits: number }>(
    `SELECT (SELECT count(*)::int FROM "Task") AS tasks, (SELECT count(*)::int FROM "Edit") AS edits`,
  );
  await page.goto("/");
  await expect(page.getByTestId("stat-tasks")).toHaveText(formatCount(counts.tasks));
  await expect(page.getByTestId("stat-edits")).toHaveText(formatCount(counts.edits));
  await expect(page.getByTestId("last-import")).toContainText("multi-turn.jsonl · 2 new records");
  const subsets = await queryAll<{ subset: string; edits: number }>(
    `SELECT CASE "origin" WHEN 'SFT' THEN 'sft' WHEN 'MULTI_TURN' THEN 'multi-turn' ELSE 'preference' END AS subset, count(*)::int AS edits FROM "Edit" GROUP BY 1`,
  );
  for (const subset of subsets)
    await expect(page.locator(`[data-subset="${subset.subset}"] td`).nth(2)).toHaveText(formatCount(subset.edits));
});
