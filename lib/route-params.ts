import { notFound } from "next/navigation";

// The numeric id of a page's [id] segment; anything else is a page that does not exist.
export function pageId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id <= 0) notFound();
  return id;
}
