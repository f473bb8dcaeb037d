"use client";

import { BAND_PARAMS } from "@/lib/schemas/review";

import { useBatchVerdict } from "./use-batch-verdict";

// One verdict for every edit under the page's filter (not its band), up to the server's
// limit, with one undo for the whole batch.
export function BulkPanel({ query }: { query: string }) {
  const filter = new URLSearchParams(query);
  for (const param of BAND_PARAMS) filter.delete(param);
  const { note, setNote, last, message, apply, takeBack } = useBatchVerdict(["review-progress"]);

  return (
    <details className="rounded-md p-3 text-sm ring-1 ring-zinc-200" data-testid="bulk-panel">
      <summary className="cursor-pointer font-medium">Bulk verdict for every edit under this filter</summary>
      <div className="mt-3 space-y-2">
        <p className="text-zinc-600">
          Filter: <code>{filter.toString() || "all edits"}</code>. The band does not apply; the filter must match at
          most the server&apos;s limit.
        </p>
        <label className="block">
          Note
          <input
            value={note}
            onChange={(event) => setNote(event.target.value)}
            maxLength={2000}
            className="mt-1 block w-full rounded-md border border-zinc-300 p-1"
          />
        </label>
        <div className="flex gap-2">
          {(["PASS", "FAIL"] as const).map((verdict) => (
            <button
              key={verdict}
              type="button"
              disabled={apply.isPending}
              onClick={() => apply.mutate({ verdict, edits: { filter: filter.toString() } })}
              className="rounded px-3 py-1 ring-1 ring-zinc-300"
            >
              {verdict === "PASS" ? "Pass all" : "Fail all"}
            </button>
          ))}
          {last ? (
            <button
              type="button"
              disabled={takeBack.isPending}
              onClick={() => takeBack.mutate(last.batchId)}
              className="rounded px-3 py-1 ring-1 ring-zinc-300"
            >
              Undo batch {last.batchId}
            </button>
          ) : null}
        </div>
        <p role="status" data-testid="bulk-message">
          {message}
        </p>
      </div>
    </details>
  );
}
