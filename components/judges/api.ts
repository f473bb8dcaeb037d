import type { JudgeRunView } from "@/lib/data/judges";

// The judge API's writes as the browser calls them. A refusal becomes an Error carrying the
// server's message ("Judge run 12 is done: only a failed, cancelled or stalled run resumes.").

async function post<T>(url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok) throw new Error(json?.error?.message ?? `POST ${url} answered ${response.status}`);
  return json as T;
}

export type NewJudgeRun = {
  filter: string;
  judge: string;
  model?: string;
  concurrency?: number;
  requestsPerMinute?: number;
  limit?: number;
};

export const startJudgeRun = (body: NewJudgeRun) => post<JudgeRunView>("/api/judges/runs", body);

export const cancelJudgeRun = (id: number) => post<JudgeRunView>(`/api/judges/runs/${id}/cancel`);

export const resumeJudgeRun = (id: number) => post<JudgeRunView>(`/api/judges/runs/${id}/resume`);

// null: each edit's newest judgement is its current one again.
export const makeJudgeActive = (judge: string | null) =>
  post<{ active: string | null }>("/api/judges/active", { judge });
