import "server-only";

import { db } from "../db";

export type TaxonomyCategory = { id: number; name: string; types: { id: number; name: string }[] };

// The 8 categories and their 35 edit types, in paper order.
export async function getTaxonomy(): Promise<TaxonomyCategory[]> {
  return db.category
    .findMany({
      orderBy: { position: "asc" },
      select: { id: true, name: true, editTypes: { orderBy: { position: "asc" }, select: { id: true, name: true } } },
    })
    .then((categories) =>
      categories.map((category) => ({ id: category.id, name: category.name, types: category.editTypes })),
    );
}
