import { expect, test } from "@playwright/test";

import { queryOne } from "./database";

test("a sequence's filmstrip marks the turns after a failed one", async ({ page }) => {
  const sequence = await queryOne<{ id: number; failed: number; turns: number }>(`
    SELECT st."sequenceId" AS id, min(st."position") AS failed, (SELECT count(*)::int FROM "SequenceTurn" x WHERE x."sequenceId" = st."sequenceId") AS turns
    FROM "SequenceTurn" st JOIN "Edit" e ON e."id" = st."editId"
    WHERE e."effectiveVerdict" = 'FAIL' GROUP BY st."sequenceId"
    HAVING min(st."position") < (SELECT count(*) FROM "SequenceTurn" x WHERE x."sequenceId" = st."sequenceId")
    ORDER BY 1 DESC LIMIT 1`);
  await page.goto("/sequences");
  await page.locator(`a[href="/sequences/${sequence.id}"]`).click();
  await expect(page.getByRole("heading", { level: 1, name: `Sequence ${sequence.id}` })).toBeVisible();
  const strip = page.getByTestId("filmstrip");
  await expect(strip.locator("[data-turn]")).toHaveCount(sequence.turns);
  for (let turn = 1; turn <= sequence.turns; turn++) {
    await expect(strip.locator(`[data-turn="${turn}"]`)).toHaveAttribute("data-after-failure", String(turn > sequence.failed));
  }
  await expect(strip.getByText("Suspect: builds on a failed turn.")).toHaveCount(sequence.turns - sequence.failed);
});
