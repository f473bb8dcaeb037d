"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { BAND_PARAMS } from "@/lib/schemas/review";

import { bulk, undoBulk, type BatchResult, type Verdict } from "./api";

// One verdict for every edit under the page's filter (not its band), up to the server's
// limit, with one undo for the whole batch.
export function BulkPanel({ query }: { query: string }) {
  const client = useQueryClient();
  const [note, setNote] = useState("");
  const [last, setLast] = useState<(BatchResult & { verdict: Verdict }) | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const filter = new URLSearchParams(query);
  for (const param of BAND_PARAMS) filter.delete(param);
  const refresh = () => client.invalidateQueries({ queryKey: ["review-progress"] });

  const apply = useMutation({
    mutationFn: (verdict: Verdict) =>
      bulk({ verdict, filter: filter.toString(), ...(note.trim() && { note: note.trim() }) }).then((batch) => ({
        ...batch,
        verdict,
      })),
    onSuccess: (batch) => {
      setLast(batch);
      setMessage(`Batch ${batch.batchId}: ${batch.edits} edits marked ${batch.verdict === "PASS" ? "pass" : "fail"}.`);
      refresh();
    },
    onError: (error) => setMessage(error.message),
  });
  const takeBack = useMutation({
    mutationFn: (batchId: number) => undoBulk(batchId),
    onSuccess: (batch) => {
      setMessage(`Undid batch ${last?.batchId}: ${batch.edits} edits restored.`);
      setLast(null);
      refresh();
    },
    onError: (error) => setMessage(error.message),
  });

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
              onClick={() => apply.mutate(verdict)}
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
