"use client";

import { useBatchVerdict } from "./use-batch-verdict";

// The gallery's selection, for an annotator: one verdict with one note for every selected
// edit, in one transaction, and one undo for the batch.
export function SelectionBar({ selected, onClear }: { selected: number[]; onClear: () => void }) {
  const { note, setNote, last, message, apply, takeBack } = useBatchVerdict(["edits"]);
  const mark = (verdict: "PASS" | "FAIL") =>
    apply.mutate(
      { verdict, edits: { editIds: selected } },
      {
        onSuccess: () => {
          setNote("");
          onClear();
        },
      },
    );
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
            onClick={() => mark("PASS")}
            className="rounded bg-emerald-600 px-3 py-1 text-white"
          >
            Pass all
          </button>
          <button
            type="button"
            disabled={apply.isPending}
            onClick={() => mark("FAIL")}
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
