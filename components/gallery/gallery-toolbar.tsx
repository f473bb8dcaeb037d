"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

import { SORTS, type Sort } from "@/lib/sql/gallery-order";

const SORT_LABELS: Record<string, string> = {
  newest: "Newest first",
  oldest: "Oldest first",
  random: "Random (seeded)",
};
const label = (sort: Sort) =>
  SORT_LABELS[sort] ?? `${sort.replace(/_(asc|desc)$/, "")}, ${sort.endsWith("_desc") ? "highest" : "lowest"} first`;

// Search in short instructions, the sort, and for the random order its seed: each a
// change of the URL, so the view stays shareable.
export function GalleryToolbar({ sort, seed, q }: { sort: Sort; seed: number; q: string }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [text, setText] = useState(q);
  const go = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    for (const [key, value] of Object.entries(changes)) {
      if (value === null || value === "") next.delete(key);
      else next.set(key, value);
    }
    router.push(`${pathname}?${next}`, { scroll: false });
  };
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <form
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          go({ q: text.trim() || null });
        }}
      >
        <input
          type="search"
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder="Search instructions"
          aria-label="Search short instructions"
          maxLength={200}
          className="w-56 rounded-md border border-zinc-300 bg-white px-2 py-1"
        />
      </form>
      <select
        aria-label="Sort"
        value={sort}
        onChange={(event) => go({ sort: event.target.value === "newest" ? null : event.target.value, seed: null })}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1"
      >
        {SORTS.map((option) => (
          <option key={option} value={option}>
            {label(option)}
          </option>
        ))}
      </select>
      {sort === "random" ? (
        <button
          type="button"
          className="rounded-md border border-zinc-300 bg-white px-2 py-1 hover:bg-zinc-50"
          onClick={() => go({ seed: String(Math.floor(Math.random() * 1_000_000)) })}
          title={`seed ${seed}`}
        >
          Reshuffle
        </button>
      ) : null}
    </div>
  );
}
