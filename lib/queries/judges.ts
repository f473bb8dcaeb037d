import { queryOptions } from "@tanstack/react-query";

import type { ActivationView, JudgeFailureView, JudgeRunView, JudgeSummary } from "../data/judges";
import { fetchJson } from "./fetch-json";

export type JudgeList = { items: JudgeSummary[]; active: string | null; activation: ActivationView | null };
export type JudgeRunDetail = JudgeRunView & { failures: JudgeFailureView[] };

// A stalled run counts as running, as an export does: its next heartbeat may come.
export const isRunActive = (run: Pick<JudgeRunView, "status">) => run.status === "QUEUED" || run.status === "RUNNING";

// The judges of /judges and the active one: GET /api/judges, asked again every second
// while a new active judge's verdicts are being derived, so that its progress moves.
export function judgesQueryOptions() {
  return queryOptions({
    queryKey: ["judges"],
    queryFn: ({ signal }) => fetchJson<JudgeList>("/api/judges", { signal }),
    refetchInterval: (query) =>
      query.state.data?.activation && isRunActive(query.state.data.activation) ? 1_000 : false,
  });
}

// The run list of /judges: GET /api/judges/runs, every second while a run is queued or
// running; idle otherwise.
export function judgeRunsQueryOptions() {
  return queryOptions({
    queryKey: ["judge-runs"],
    queryFn: ({ signal }) => fetchJson<{ items: JudgeRunView[] }>("/api/judges/runs", { signal }).then((r) => r.items),
    refetchInterval: (query) => (query.state.data?.some(isRunActive) ? 1_000 : false),
  });
}

// One run with its failures (the first 100), opened from the list: asked again every two
// seconds while the run goes on, since failures come with it.
export function judgeRunQueryOptions(id: number) {
  return queryOptions({
    queryKey: ["judge-runs", id],
    queryFn: ({ signal }) => fetchJson<JudgeRunDetail>(`/api/judges/runs/${id}`, { signal }),
    refetchInterval: (query) => (query.state.data && isRunActive(query.state.data) ? 2_000 : false),
  });
}
