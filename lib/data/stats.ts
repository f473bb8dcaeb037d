import "server-only";

import { db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { SUBSET_OF_EDIT } from "../sql/edit-filter";

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

// The home page's figures, each one query over the whole table.
export async function getHomeStats(): Promise<HomeStats> {
  const [totals, subsets, categories, verdicts, reviews, lastImport] = await Promise.all([
    db.$queryRaw<{ tasks: bigint; edits: bigint; images: bigint; pairs: bigint; sequences: bigint }[]>`
      SELECT (SELECT count(*) FROM "Task") AS tasks, (SELECT count(*) FROM "Edit") AS edits, (SELECT count(*) FROM "Image") AS images,
             (SELECT count(*) FROM "PreferencePair") AS pairs, (SELECT count(*) FROM "Sequence") AS sequences`,
    db.$queryRaw<{ subset: SubsetFigures["subset"]; tasks: bigint; edits: bigint }[]>`
      SELECT ${Prisma.raw(SUBSET_OF_EDIT)} AS subset, count(DISTINCT e."taskId") AS tasks, count(*) AS edits
      FROM "Edit" e GROUP BY 1`,
    db.$queryRaw<{ name: string; edits: bigint }[]>`
      SELECT c."name", count(e."id") AS edits
      FROM "Category" c LEFT JOIN "EditType" t ON t."categoryId" = c."id" LEFT JOIN "Edit" e ON e."editTypeId" = t."id"
      GROUP BY c."id", c."name", c."position" ORDER BY c."position"`,
    db.$queryRaw<{ judged: bigint; judge_passed: bigint; effective_judged: bigint; effective_passed: bigint }[]>`
      SELECT count("judgeVerdict") AS judged, count(*) FILTER (WHERE "judgeVerdict" = 'PASS') AS judge_passed,
             count("effectiveVerdict") AS effective_judged, count(*) FILTER (WHERE "effectiveVerdict" = 'PASS') AS effective_passed
      FROM "Edit"`,
    db.$queryRaw<
      { reviews: bigint; reviewed: bigint }[]
    >`SELECT count(*) AS reviews, count(DISTINCT "editId") AS reviewed FROM "Review"`,
    db.importBatch.findFirst({
      orderBy: { startedAt: "desc" },
      select: { kind: true, source: true, finishedAt: true, recordsNew: true },
    }),
  ]);
  const order = ["sft", "preference", "multi-turn"] as const;
  const t = totals[0];
  const v = verdicts[0];
  return {
    totals: {
      tasks: Number(t?.tasks ?? 0),
      edits: Number(t?.edits ?? 0),
      images: Number(t?.images ?? 0),
      pairs: Number(t?.pairs ?? 0),
      sequences: Number(t?.sequences ?? 0),
    },
    subsets: order.map((subset) => {
      const row = subsets.find((s) => s.subset === subset);
      return { subset, tasks: Number(row?.tasks ?? 0), edits: Number(row?.edits ?? 0) };
    }),
    categories: categories.map((c) => ({ name: c.name, edits: Number(c.edits) })),
    judge: { judged: Number(v?.judged ?? 0), passed: Number(v?.judge_passed ?? 0) },
    effective: { judged: Number(v?.effective_judged ?? 0), passed: Number(v?.effective_passed ?? 0) },
    reviews: { reviews: Number(reviews[0]?.reviews ?? 0), reviewedEdits: Number(reviews[0]?.reviewed ?? 0) },
    lastImport,
  };
}
