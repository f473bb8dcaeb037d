import { queryOptions } from "@tanstack/react-query";

import type { ExportJobView } from "../data/exports";
import { fetchJson } from "./fetch-json";

// A stalled job counts as running: a slow first query looks stalled until its first rows.
const isActive = (job: ExportJobView) => job.status === "QUEUED" || job.status === "RUNNING";

// The export list of /exports: GET /api/exports, asked again every second while a job is
// queued or running, so that its progress moves; idle otherwise.
export function exportsQueryOptions() {
  return queryOptions({
    queryKey: ["exports"],
    queryFn: ({ signal }) => fetchJson<{ items: ExportJobView[] }>("/api/exports", { signal }).then((r) => r.items),
    refetchInterval: (query) => (query.state.data?.some(isActive) ? 1_000 : false),
  });
}
