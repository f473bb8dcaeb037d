import "server-only";

import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { SUBSET_OF_EDIT } from "../sql/edit-filter";
import { cached } from "./changes";
import { getTaxonomy } from "./taxonomy";

export type SubsetFigures = { subset: "sft" | "preference" | "multi-turn"; tasks: number; edits: number };
export type HomeStats = {
  totals: { tasks: number; edits: number; images: number; pairs: number; sequences: number };
  subsets: SubsetFigures[];
  categories: { name: string; edits: number }[];
  judge: { judged: number; passed: number };
  effective: { judged: number; passed: number };
  reviews: { reviews: number; reviewedEdits: number };
  lastImport: { kind: string; source: string; finishedAt: Date | null; recordsNew: number } | null;
};

type EditCounts = { subset: SubsetFigures["subset"]; type: number; judge: string; effective: string; edits: number };

// The home page's figures. Edits by subset, category and verdict sum the trigger-kept
// EditFacetCount, always current; the rest each scan a whole table, so they are cached
// until that table changes (lib/data/changes.ts): reviews change pairs and reviews, an
// import everything.
export async function getHomeStats(): Promise<HomeStats> {
  const [edits, structure, pairs, reviews, categories, lastImport] = await Promise.all([
    db.$queryRaw<EditCounts[]>`
      SELECT CASE "origin" WHEN 'SFT' THEN 'sft' WHEN 'MULTI_TURN' THEN 'multi-turn' ELSE 'preference' END AS subset,
             "editTypeId" AS type, "judgeVerdict" AS judge, "effectiveVerdict" AS effective, sum("count")::int AS edits
      FROM "EditFacetCount" WHERE "count" > 0 GROUP BY 1, 2, 3, 4`,
    cached("home: tasks and images", ["Task", "Image", "Sequence", "Edit"], () =>
      Promise.all([
        db.$queryRaw<{ tasks: bigint; images: bigint; sequences: bigint }[]>`
          SELECT (SELECT count(*) FROM "Task") AS tasks, (SELECT count(*) FROM "Image") AS images,
                 (SELECT count(*) FROM "Sequence") AS sequences`,
        db.$queryRaw<{ subset: SubsetFigures["subset"]; tasks: bigint }[]>`
          SELECT ${Prisma.raw(SUBSET_OF_EDIT)} AS subset, count(DISTINCT e."taskId") AS tasks FROM "Edit" e GROUP BY 1`,
      ]),
    ),
    cached(
      "home: pairs",
      ["PreferencePair"],
      () => db.$queryRaw<{ pairs: bigint }[]>`SELECT count(*) AS pairs FROM "PreferencePair"`,
    ),
    cached(
      "home: reviews",
      ["Review"],
      () =>
        db.$queryRaw<{ reviews: bigint; reviewed: bigint }[]>`
        SELECT count(*) AS reviews, count(DISTINCT "editId") AS reviewed FROM "Review"`,
    ),
    getTaxonomy(),
    db.importBatch.findFirst({
      orderBy: { startedAt: "desc" },
      select: { kind: true, source: true, finishedAt: true, recordsNew: true },
    }),
  ]);
  const count = (keep: (row: EditCounts) => boolean) =>
    edits.reduce((sum, row) => sum + (keep(row) ? row.edits : 0), 0);
  const [totals, taskSubsets] = structure;
  const t = totals[0];
  const order = ["sft", "preference", "multi-turn"] as const;
  return {
    totals: {
      tasks: Number(t?.tasks ?? 0),
      edits: count(() => true),
      images: Number(t?.images ?? 0),
      pairs: Number(pairs[0]?.pairs ?? 0),
      sequences: Number(t?.sequences ?? 0),
    },
    subsets: order.map((subset) => ({
      subset,
      tasks: Number(taskSubsets.find((s) => s.subset === subset)?.tasks ?? 0),
      edits: count((row) => row.subset === subset),
    })),
    categories: categories.map((category) => {
      const types = new Set(category.types.map((type) => type.id));
      return { name: category.name, edits: count((row) => types.has(row.type)) };
    }),
    judge: { judged: count((row) => row.judge !== "none"), passed: count((row) => row.judge === "PASS") },
    effective: {
      judged: count((row) => row.effective !== "none"),
      passed: count((row) => row.effective === "PASS"),
    },
    reviews: { reviews: Number(reviews[0]?.reviews ?? 0), reviewedEdits: Number(reviews[0]?.reviewed ?? 0) },
    lastImport,
  };
}
