"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { bulk, undoBulk, type BatchResult, type Verdict } from "./api";

// The gallery's selection, for an annotator: one verdict with one note for every selected
// edit, in one transaction, and one undo for the batch.
export function SelectionBar({ selected, onClear }: { selected: number[]; onClear: () => void }) {
  const client = useQueryClient();
  const [note, setNote] = useState("");
  const [last, setLast] = useState<BatchResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: ["edits"] });
  const apply = useMutation({
    mutationFn: (verdict: Verdict) =>
      bulk({ verdict, editIds: selected, ...(note.trim() && { note: note.trim() }) }).then((batch) => ({
        batch,
        verdict,
      })),
    onSuccess: ({ batch, verdict }) => {
      setLast(batch);
      setMessage(`Batch ${batch.batchId}: ${batch.edits} edits marked ${verdict === "PASS" ? "pass" : "fail"}.`);
      setNote("");
      onClear();
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
  if (selected.length === 0 && !message) return null;
  return (
    <div
      className="sticky top-2 z-10 mb-4 flex flex-wrap items-center gap-2 rounded-md bg-white p-2 text-sm shadow ring-1 ring-zinc-200"
      data-testid="selection-bar"
    >
      {selected.length ? (
        <>
          <span>
            <strong data-testid="selected-count">{selected.length}</strong> selected
          </span>
          <input
            value={note}
            onChange={(event) => setNote(event.target.value)}
            placeholder="Note for all of them"
            maxLength={2000}
            aria-label="Note"
            className="min-w-48 flex-1 rounded-md border border-zinc-300 px-2 py-1"
          />
          <button
            type="button"
            disabled={apply.isPending}
            onClick={() => apply.mutate("PASS")}
            className="rounded bg-emerald-600 px-3 py-1 text-white"
          >
            Pass all
          </button>
          <button
            type="button"
            disabled={apply.isPending}
            onClick={() => apply.mutate("FAIL")}
            className="rounded bg-rose-600 px-3 py-1 text-white"
          >
            Fail all
          </button>
          <button type="button" onClick={onClear} className="underline">
            Clear
          </button>
        </>
      ) : null}
      <span role="status" data-testid="selection-message">
        {message}
      </span>
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
  );
}
