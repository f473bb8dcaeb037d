import data from "./taxonomy.json";

// The Pico-Banana-400K taxonomy, 8 categories and 35 edit types in the paper's order.
// The migrations insert the same rows; a test keeps the two equal.

export type EditTypeInfo = {
  name: string;
  category: string;
  position: number;
  paperSftCount: number;
  paperSuccessRate: number | null;
};

export const CATEGORIES: string[] = data.categories.map((c) => c.name);

export const EDIT_TYPES: EditTypeInfo[] = data.categories
  .flatMap((category) => category.types.map((type) => ({ ...type, category: category.name })))
  .map((type, index) => ({ ...type, position: index + 1 }));

// The ids the taxonomy migration gives the rows: categories and types are numbered from 1
// in paper order. The edit type ids of each category id.
export const TYPE_IDS_BY_CATEGORY_ID: Map<number, number[]> = new Map(
  CATEGORIES.map((name, index) => [
    index + 1,
    EDIT_TYPES.filter((type) => type.category === name).map((type) => type.position),
  ]),
);

// The edit type ids of some categories; unknown category ids have none.
export const typeIdsOfCategories = (categoryIds: number[]): number[] =>
  categoryIds.flatMap((id) => TYPE_IDS_BY_CATEGORY_ID.get(id) ?? []);

export const CATEGORY_ID_BY_TYPE_ID: Map<number, number> = new Map(
  [...TYPE_IDS_BY_CATEGORY_ID].flatMap(([category, types]) => types.map((type) => [type, category] as const)),
);
