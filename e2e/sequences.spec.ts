import { execute, queryOne } from "./database";
import { expect, test } from "./fixtures";

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
    await expect(strip.locator(`[data-turn="${turn}"]`)).toHaveAttribute(
      "data-after-failure",
      String(turn > sequence.failed),
    );
  }
  await expect(strip.getByText("Suspect: builds on a failed turn.")).toHaveCount(sequence.turns - sequence.failed);
});

test("a filmstrip shows thumbnails of its files, and a turn whose image is missing shows a placeholder naming it", async ({
  page,
}) => {
  const turn = await queryOne<{
    sequenceId: number;
    position: number;
    imageId: number;
    uri: string;
    localPath: string | null;
  }>(`
    SELECT st."sequenceId", st."position", i."id" AS "imageId", i."uri", i."localPath"
    FROM "SequenceTurn" st JOIN "Edit" e ON e."id" = st."editId" JOIN "Image" i ON i."id" = e."outputImageId"
    WHERE i."uri" LIKE 'demo/%' ORDER BY st."sequenceId" DESC, st."position" LIMIT 1`);
  const missing = `demo/gone-${Date.now()}.png`;
  const literal = (value: string | null) => (value === null ? "NULL" : `'${value.replace(/'/g, "''")}'`);
  await execute(`UPDATE "Image" SET "uri" = ${literal(missing)}, "localPath" = NULL WHERE "id" = ${turn.imageId}`);
  try {
    await page.goto(`/sequences/${turn.sequenceId}`);
    const strip = page.getByTestId("filmstrip");
    await expect(strip.locator(`[data-turn="${turn.position}"]`).getByTestId("image-placeholder")).toContainText(
      missing,
    );
    const original = strip.getByRole("img", { name: "original", exact: true });
    await expect(original).toHaveAttribute("src", /\/api\/images\/by-id\/\d+\?w=320&v=[0-9a-f]{16}$/);
    await expect.poll(() => original.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(320);
  } finally {
    await execute(
      `UPDATE "Image" SET "uri" = ${literal(turn.uri)}, "localPath" = ${literal(turn.localPath)} WHERE "id" = ${turn.imageId}`,
    );
  }
});
