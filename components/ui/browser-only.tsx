"use client";

import type { ReactNode } from "react";

import { useHydrated } from "./use-hydrated";

// Its children drawn in the browser only, the fallback in the server's HTML until then:
// for large tables of figures and long lists of cards, which the page then carries once,
// as the data its client components are given, rather than again as hundreds of rendered
// elements that every request costs the server to write.
export function BrowserOnly({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  return useHydrated() ? children : fallback;
}

// The place of what BrowserOnly draws, until it is drawn.
export function Drawing({ what, minHeight }: { what: string; minHeight: string }) {
  return (
    <p className="animate-pulse text-sm text-zinc-500" role="status" style={{ minHeight }}>
      Drawing the {what}…
    </p>
  );
}
