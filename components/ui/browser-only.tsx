"use client";

import type { ReactNode } from "react";

import { useHydrated } from "./use-hydrated";

// Its children drawn in the browser only, the fallback in the server's HTML until then:
// for large tables of figures, which the page then carries once, as the data its client
// components are given, rather than again as hundreds of rendered cells that every
// request costs the server to write.
export function BrowserOnly({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  return useHydrated() ? children : fallback;
}
