import "server-only";

import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { SUBSET_OF_EDIT } from "../sql/edit-filter";
import { cached } from "./changes";
import { countFacets, findEdits, type EditPage, type FacetCount } from "./edits";
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

// The home page's figures. Edits by subset, category and verdict are the gallery's facets
// of all edits, summed from the trigger-kept EditFacetCount and always current; the rest each scan a whole table, so they are cached
// until that table changes (lib/data/changes.ts): reviews change pairs and reviews, an
// import everything.
export async function getHomeStats(): Promise<HomeStats> {
  const [facets, structure, pairs, reviews, categories, lastImport] = await Promise.all([
    countFacets({}),
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
    cached("home: last import", ["ImportBatch"], () =>
      db.importBatch.findFirst({
        orderBy: { startedAt: "desc" },
        select: { kind: true, source: true, finishedAt: true, recordsNew: true },
      }),
    ),
  ]);
  const count = (facet: FacetCount[], value: string) => facet.find((c) => c.value === value)?.count ?? 0;
  const verdicts = (facet: FacetCount[]) => ({
    judged: count(facet, "pass") + count(facet, "fail"),
    passed: count(facet, "pass"),
  });
  const [totals, taskSubsets] = structure;
  const t = totals[0];
  const order = ["sft", "preference", "multi-turn"] as const;
  return {
    totals: {
      tasks: Number(t?.tasks ?? 0),
      edits: facets.total,
      images: Number(t?.images ?? 0),
      pairs: Number(pairs[0]?.pairs ?? 0),
      sequences: Number(t?.sequences ?? 0),
    },
    subsets: order.map((subset) => ({
      subset,
      tasks: Number(taskSubsets.find((s) => s.subset === subset)?.tasks ?? 0),
      edits: count(facets.subsets, subset),
    })),
    categories: categories.map((category) => ({
      name: category.name,
      edits: count(facets.categories, String(category.id)),
    })),
    judge: verdicts(facets.judge),
    effective: verdicts(facets.effective),
    reviews: { reviews: Number(reviews[0]?.reviews ?? 0), reviewedEdits: Number(reviews[0]?.reviewed ?? 0) },
    lastImport,
  };
}

// The overview's newest single-turn edits (multi-turn turns read poorly out of their
// sequence), cached like its figures: every change of an edit's row, verdict (through
// EditFacetCount), task, image or type drops them. A local image file replaced in place
// keeps its old version in these six cards until then.
export const getLatestEdits = (): Promise<EditPage> =>
  cached("home: latest edits", ["Edit", "EditFacetCount", "Task", "Image", "EditType"], () =>
    findEdits({ subsets: ["sft", "preference"] }, { limit: 6 }),
  );
