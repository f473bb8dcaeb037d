import { queryOptions } from "@tanstack/react-query";

import type { WhatIfResult } from "../data/taxonomy-scores";
import { whatIfToParams, type WhatIf } from "../schemas/what-if-params";

export type WhatIfResponse = WhatIfResult & { rule: WhatIf };

// The what-if control's query: GET /api/taxonomy/what-if for one rule. An answer that is
// not 200 becomes an error carrying the API's own message.
export function whatIfQueryOptions(rule: WhatIf) {
  const query = whatIfToParams(rule).toString();
  return queryOptions({
    queryKey: ["taxonomy", "what-if", query],
    queryFn: async ({ signal }): Promise<WhatIfResponse> => {
      const response = await fetch(`/api/taxonomy/what-if?${query}`, { signal });
      const body = await response.json().catch(() => null);
      if (!response.ok)
        throw new Error(body?.error?.message ?? `the what-if request failed with status ${response.status}`);
      return body as WhatIfResponse;
    },
  });
}
