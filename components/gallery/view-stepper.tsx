"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

// Previous and next edit in the gallery view the edit was opened from; k and j step.
export function ViewStepper({
  previous,
  next,
  gallery,
}: {
  previous: string | null;
  next: string | null;
  gallery: string;
}) {
  const router = useRouter();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (
        event.metaKey ||
        event.ctrlKey ||
        event.altKey ||
        target.closest("input, textarea, select, [contenteditable]")
      )
        return;
      const href = event.key === "j" ? next : event.key === "k" ? previous : null;
      if (href) router.push(href);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [router, previous, next]);
  const step = "rounded-md border border-zinc-300 bg-white px-2 py-1";
  return (
    <nav aria-label="Edits in this view" className="flex items-center gap-2 text-sm">
      {previous ? (
        <Link href={previous} className={`${step} hover:bg-zinc-50`} rel="prev">
          ← previous <kbd className="text-xs text-zinc-500">k</kbd>
        </Link>
      ) : (
        <span className={`${step} text-zinc-400`}>← previous</span>
      )}
      <Link href={gallery} className="underline">
        back to the gallery
      </Link>
      {next ? (
        <Link href={next} className={`${step} hover:bg-zinc-50`} rel="next">
          next <kbd className="text-xs text-zinc-500">j</kbd> →
        </Link>
      ) : (
        <span className={`${step} text-zinc-400`}>next →</span>
      )}
    </nav>
  );
}
