import { expect, test as base } from "@playwright/test";

import { queryAll } from "./database";

export { expect };

type TableDigest = { name: string; rows: number; digest: string };

const LEASES = ["Session", "RateLimit", "SignInFailure", "Verification", "ReviewClaim", "GalleryChange"]
  .map((name) => `'${name}'`)
  .join(", ");

// Every table of the e2e database as its row count and a digest of its rows. Edits deleted
// again leave EditFacetCount rows at count 0, which count for nothing: those are skipped,
// as the facet counts skip them. So are the records of who is signed in and who holds what
// (sessions, request counts, failed sign-ins, review claims), which every signed-in test
// that opens a page writes: an annotator who opens the review page claims edits. And the log
// of changed edits the app's gallery index reads, which an edit restored leaves a line in.
async function digestTables(): Promise<TableDigest[]> {
  const tables = await queryAll<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN ('_prisma_migrations', ${LEASES}) ORDER BY 1`,
  );
  // Table names come from the catalogue, so they can be spliced in as identifiers.
  const selects = tables.map(
    ({ name }) =>
      `SELECT '${name}' AS name, count(*)::int AS rows, md5(coalesce(string_agg(t::text, ';' ORDER BY t::text), '')) AS digest FROM "${name}" t${name === "EditFacetCount" ? ` WHERE "count" <> 0` : ""}`,
  );
  return queryAll<TableDigest>(selects.join(" UNION ALL ") + " ORDER BY 1");
}

// Every test leaves the database as it found it, failed or not: the specs then pass alone
// and in any order, and none sees another's rows in its counts.
export const test = base.extend<{ leavesDatabaseAsFound: void }>({
  leavesDatabaseAsFound: [
    // Playwright reads what a fixture needs from its first argument's pattern: nothing here.
    async ({}, use) => {
      const before = await digestTables();
      await use();
      const after = await digestTables();
      const changed = after.flatMap((table) => {
        const was = before.find((other) => other.name === table.name);
        return was?.digest === table.digest
          ? []
          : [`${table.name}: ${was?.rows ?? "no"} rows before, ${table.rows} after`];
      });
      expect(changed, "tables this test changed and did not restore").toEqual([]);
    },
    { auto: true },
  ],
});
