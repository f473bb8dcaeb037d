"use client";

import { useEffect, useState } from "react";

import { CURRENT_RULE, WEIGHT_PARAMS, whatIfToParams, type WhatIf } from "@/lib/schemas/what-if-params";

const DEBOUNCE_MS = 250;

// The what-if rule as the sliders set it (at once, for the threshold line), and the same
// rule settled for DEBOUNCE_MS (for the query and the URL, so that dragging a slider asks
// once). The URL is written with history.replaceState: Next keeps it in step with the
// router without fetching the page again, which router.replace would do on every change.
export function useWhatIfRule(initial: WhatIf): {
  rule: WhatIf;
  settled: WhatIf;
  setRule: (rule: WhatIf) => void;
  reset: () => void;
} {
  const [rule, setRule] = useState(initial);
  const [settled, setSettled] = useState(initial);

  useEffect(() => {
    const timer = setTimeout(() => setSettled(rule), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [rule]);

  useEffect(() => {
    const params = new URLSearchParams(window.location.search);
    for (const key of ["threshold", ...Object.values(WEIGHT_PARAMS)]) params.delete(key);
    for (const [key, value] of whatIfToParams(settled)) params.set(key, value);
    const query = params.toString();
    const url = `${window.location.pathname}${query ? `?${query}` : ""}`;
    if (url !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, "", url);
  }, [settled]);

  return { rule, settled, setRule, reset: () => setRule(CURRENT_RULE) };
}
