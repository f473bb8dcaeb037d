import { notFound } from "next/navigation";

// The numeric id of a page's [id] segment; anything else is a page that does not exist.
export function pageId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}

export type PageSearchParams = Record<string, string | string[] | undefined>;

// A page's searchParams as URLSearchParams, for the parsers the API routes share. A param
// given twice is dropped, as the parsers read one value per param.
export function searchParamsOf(query: PageSearchParams): URLSearchParams {
  return new URLSearchParams(Object.entries(query).flatMap(([key, value]) => (typeof value === "string" ? [[key, value]] : [])));
}
