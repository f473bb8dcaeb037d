import type pg from "pg";

import packageJson from "../../package.json";
import { cubeRowsUnder, facetQueries, SUBSET_OF_ORIGIN, type CubeRow, type FacetQuery } from "../sql/gallery";
import type { EditFilter } from "../schemas/edit-filter";
import { CATEGORIES, EDIT_TYPES } from "../taxonomy/taxonomy";
import { FORMATS, type ExportFormatName, type ExportOptions } from "./formats";
import { TABLE_COLUMNS } from "./sql";

// What sits beside every export: manifest.json (the filter, the counts, who and when, the
// app and its schema, each file's checksum) and README.md, a dataset card the Hugging Face
// hub shows as is. The data files hold no time; the manifest does.

export type ExportFile = { name: string; rows: number; bytes: number; sha256: string };
export type Counts = {
  edits: number;
  subsets: Record<string, number>;
  categories: Record<string, number>;
  types: Record<string, number>;
  judgeVerdicts: Record<string, number>;
  humanVerdicts: Record<string, number>;
  effectiveVerdicts: Record<string, number>;
};
export type Manifest = {
  export: number | null;
  format: ExportFormatName;
  label: string;
  filter: EditFilter;
  query: string;
  url: string;
  options: ExportOptions;
  files: ExportFile[];
  counts: Counts;
  exportedBy: { id: number; name: string; email: string } | null;
  exportedAt: string;
  app: { name: string; version: string; migration: string | null };
  licence: string;
};

export const LICENCE =
  "Pico-Banana-400K records and images: CC BY-NC-ND 4.0 (Apple). Source images: Open Images, CC BY 2.0. " +
  "This export carries image paths and URLs, never image bytes.";

// The filter's edits counted per subset, category, type and verdict, from the gallery's
// own cube of the filter (the counts its facets show under the whole filter).
export async function countExport(client: pg.Pool | pg.ClientBase, filter: EditFilter): Promise<Counts> {
  const query = facetQueries(filter)[0] as FacetQuery;
  const rows = cubeRowsUnder(filter, (await client.query<CubeRow>(query.text, query.values)).rows);
  const tally = (key: (row: CubeRow) => string | null, order: string[] = []) => {
    const sums = new Map<string, number>(order.map((name) => [name, 0]));
    for (const row of rows) {
      const name = key(row);
      if (name !== null) sums.set(name, (sums.get(name) ?? 0) + Number(row.count));
    }
    return Object.fromEntries([...sums].filter(([, count]) => count > 0));
  };
  const verdict = (value: string | null) => value?.toLowerCase() ?? "none";
  return {
    edits: rows.reduce((sum, row) => sum + Number(row.count), 0),
    subsets: tally((row) => SUBSET_OF_ORIGIN[row.origin] ?? null, ["sft", "preference", "multi-turn"]),
    categories: tally((row) => (row.type === null ? null : (EDIT_TYPES[row.type - 1]?.category ?? null)), CATEGORIES),
    types: tally(
      (row) => (row.type === null ? null : (EDIT_TYPES[row.type - 1]?.name ?? null)),
      EDIT_TYPES.map((type) => type.name),
    ),
    judgeVerdicts: tally((row) => verdict(row.judge), ["pass", "fail", "none"]),
    humanVerdicts: tally((row) => verdict(row.human), ["pass", "fail", "none"]),
    effectiveVerdicts: tally((row) => verdict(row.effective), ["pass", "fail", "none"]),
  };
}

export async function currentMigration(client: pg.Pool | pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ name: string }>(
    `SELECT "migration_name" AS name FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL ORDER BY "migration_name" DESC LIMIT 1`,
  );
  return rows[0]?.name ?? null;
}

export function buildManifest(
  input: Omit<Manifest, "label" | "app" | "licence"> & { migration: string | null },
): Manifest {
  const { migration, ...rest } = input;
  return {
    ...rest,
    label: FORMATS[input.format].label,
    app: { name: packageJson.name, version: packageJson.version, migration },
    licence: LICENCE,
  };
}

function sizeCategory(rows: number): string {
  if (rows < 1_000) return "n<1K";
  if (rows < 10_000) return "1K<n<10K";
  if (rows < 100_000) return "10K<n<100K";
  if (rows < 1_000_000) return "100K<n<1M";
  return "1M<n<10M";
}

const table = (header: [string, string], rows: [string, string | number][]) =>
  [`| ${header[0]} | ${header[1]} |`, "| --- | --- |", ...rows.map(([a, b]) => `| ${a} | ${b} |`)].join("\n");
const countRows = (counts: Record<string, number>) =>
  Object.entries(counts).map(([name, count]) => [name.replace(/\|/g, "\\|"), count] as [string, number]);

const RELEASED_KEYS: Record<string, string> = {
  sft: "`open_image_input_url`, `text` (long instruction), `output_image`, `edit_type`, `summarized_text`, and `local_input_image` where a local copy of the source is known",
  preference:
    "`output_image` (chosen), `rejected_images` (every current failure of the same task), `text`, `edit_type`, `open_image_input_url`, `summarized_text`, and `local_input_image` where known",
  "multi-turn":
    "`files` (`edit_turn1` ... `final_image`, then `original_input_image`), `metadata_edit_turn_prompts`, and `local_input_image` where known",
};

const SELECTION: Record<string, string> = {
  sft: "the filter's edits of the SFT subset whose effective verdict is PASS (an edit a reviewer failed is left out)",
  preference:
    "one record per passing single-turn edit of the filter that has preference pairs, with every failing edit of its task as rejected",
  "multi-turn": "every multi-turn sequence with at least one turn in the filter",
};

// The dataset card: YAML front matter for the hub, then what a reader needs to trust it.
export function datasetCard(manifest: Manifest): string {
  const info = FORMATS[manifest.format];
  const file = manifest.files[0];
  const rows = file?.rows ?? 0;
  const selection = SELECTION[manifest.format] ?? "every edit the filter matches, one row per edit";
  const prefix =
    manifest.format === "multi-turn"
      ? manifest.options.prefix
        ? " Each sequence stops before its first failed turn; a sequence whose first turn failed is left out."
        : " Sequences are exported whole."
      : "";
  return `---
license: cc-by-nc-nd-4.0
pretty_name: Pico-Banana-400K curated subset${manifest.export ? ` (export ${manifest.export})` : ""}
task_categories:
- image-to-image
language:
- en
tags:
- image-editing
- pico-banana-400k
size_categories:
- ${sizeCategory(rows)}
configs:
- config_name: default
  data_files: ${file?.name ?? info.file}
---

# Pico-Banana-400K: curated subset

${info.label}, exported by ${manifest.app.name} ${manifest.app.version}${manifest.exportedBy ? ` for ${manifest.exportedBy.name}` : ""} on ${manifest.exportedAt.slice(0, 10)}.
${rows} ${manifest.format === "multi-turn" ? "sequences" : manifest.format === "preference" ? "preference records" : "rows"} in \`${file?.name ?? info.file}\`, sha256 \`${file?.sha256 ?? ""}\`.

## How it was selected

The gallery filter \`${manifest.query || "(none: every edit)"}\` matched ${manifest.counts.edits} edits; this file holds ${selection}.${prefix}

The filter as JSON:

\`\`\`json
${JSON.stringify(manifest.filter, null, 2)}
\`\`\`

## How it was curated

Every edit has a judge verdict (an overall score of 0.7 or more passes; the overall weighs
instruction compliance 0.40, realism 0.25, preservation 0.20 and technical quality 0.15).
Annotators reviewed edits and may have overridden the judge: an edit's effective verdict is
the newest human verdict, else the judge's. Preference pairs are derived from effective
verdicts: within a task, every passing edit is chosen over every failing one.

## Counts

${table(["subset", "edits"], countRows(manifest.counts.subsets))}

${table(["effective verdict", "edits"], countRows(manifest.counts.effectiveVerdicts))}

${table(["human verdict", "edits"], countRows(manifest.counts.humanVerdicts))}

${table(["category", "edits"], countRows(manifest.counts.categories))}

${table(["edit type", "edits"], countRows(manifest.counts.types))}

## ${info.released ? "Record keys" : "Columns"}

${
  info.released
    ? `The release's own format (keys in the release's order): ${RELEASED_KEYS[manifest.format]}. Image paths are relative to https://ml-site.cdn-apple.com/datasets/pico-banana-300k/nb/ unless they are URLs.`
    : table(
        ["column", "meaning"],
        TABLE_COLUMNS.map((column) => [`\`${column.name}\``, column.about]),
      )
}

## Licence and attribution

${LICENCE}

Pico-Banana-400K: Qian et al., "Pico-Banana-400K: A Large-Scale Dataset for Text-Guided Image
Editing", arXiv:2510.19808, Apple, https://github.com/apple/pico-banana-400k. Use is
non-commercial, with attribution, and without redistributing modified images.
`;
}
