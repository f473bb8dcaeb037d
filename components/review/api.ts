import type { ReviewItem } from "@/lib/data/review";

// The review API as the browser calls it. A refusal becomes an ApiError carrying the
// server's message, code and details (a 409 names the review that came first).

export type Verdict = "PASS" | "FAIL";
export type StoredReview = { id: number; editId: number; verdict: Verdict | null; effectiveVerdict: Verdict | null };
export type Version = { reviewId: number | null; verdict: Verdict | null; reviewer: string | null; at: string | null };
export type BatchResult = { batchId: number; edits: number };

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly details: { current?: Version; count?: number } = {},
  ) {
    super(message);
  }
}

async function send<T>(url: string, body: unknown): Promise<T> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json().catch(() => null);
  if (!response.ok)
    throw new ApiError(
      json?.error?.message ?? `${url.split("?")[0]} answered ${response.status}`,
      response.status,
      json?.error?.details,
    );
  return json as T;
}

export const claim = (query: string, size: number, skip: number[]) =>
  send<{ items: ReviewItem[] }>(`/api/reviews/claim${query ? `?${query}` : ""}`, { size, skip }).then((r) => r.items);

export const review = (body: {
  editId: number;
  verdict: Verdict;
  after: number | null;
  note?: string;
  scores?: Partial<Record<string, number>>;
}) => send<StoredReview>("/api/reviews", body);

export const undo = (reviewId: number) => send<StoredReview>(`/api/reviews/${reviewId}/undo`, {});

export const bulk = (body: { verdict: Verdict; note?: string; filter?: string; editIds?: number[] }) =>
  send<BatchResult>("/api/reviews/bulk", body);

export const undoBulk = (batchId: number) => send<BatchResult>(`/api/reviews/batches/${batchId}/undo`, {});
