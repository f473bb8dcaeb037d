import { queryOptions } from "@tanstack/react-query";

import type { WhatIfResult } from "../data/taxonomy-scores";
import { whatIfToParams, type WhatIf } from "../schemas/what-if-params";
import { fetchJson } from "./fetch-json";

export type WhatIfResponse = WhatIfResult & { rule: WhatIf };

// The what-if control's query: GET /api/taxonomy/what-if for one rule.
export function whatIfQueryOptions(rule: WhatIf) {
  const query = whatIfToParams(rule).toString();
  return queryOptions({
    queryKey: ["taxonomy", "what-if", query],
    queryFn: ({ signal }) => fetchJson<WhatIfResponse>(`/api/taxonomy/what-if?${query}`, { signal }),
  });
}
