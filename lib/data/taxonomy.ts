import "server-only";

import { db } from "../db";
import { cached } from "./changes";

export type TaxonomyCategory = { id: number; name: string; types: { id: number; name: string }[] };

// The 8 categories and their 35 edit types, in paper order: read by every gallery page,
// and cached until the tables change (they do only by migration).
export const getTaxonomy = (): Promise<TaxonomyCategory[]> =>
  cached("taxonomy", ["Category", "EditType"], readTaxonomy);

async function readTaxonomy(): Promise<TaxonomyCategory[]> {
  return db.category
    .findMany({
      orderBy: { position: "asc" },
      select: { id: true, name: true, editTypes: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
    })
    .then((categories) =>
      categories.map((category) => ({ id: category.id, name: category.name, types: category.editTypes })),
    );
}
