"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { bulk, undoBulk, type BatchResult, type Verdict } from "./api";

export type BatchEdits = { editIds: number[] } | { filter: string };

// One verdict with one note for a batch of edits (a selection or a filter), the message
// that says what happened, and the undo of the last batch. refresh: the queries whose
// figures the batch changes.
export function useBatchVerdict(refresh: readonly unknown[]) {
  const client = useQueryClient();
  const [note, setNote] = useState("");
  const [last, setLast] = useState<BatchResult | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const refreshed = () => client.invalidateQueries({ queryKey: refresh });
  const apply = useMutation({
    mutationFn: ({ verdict, edits }: { verdict: Verdict; edits: BatchEdits }) =>
      bulk({ verdict, ...edits, ...(note.trim() && { note: note.trim() }) }),
    onSuccess: (batch, { verdict }) => {
      setLast(batch);
      setMessage(`Batch ${batch.batchId}: ${batch.edits} edits marked ${verdict === "PASS" ? "pass" : "fail"}.`);
      refreshed();
    },
    onError: (error) => setMessage(error.message),
  });
  const takeBack = useMutation({
    mutationFn: (batchId: number) => undoBulk(batchId),
    onSuccess: (batch) => {
      setMessage(`Undid batch ${last?.batchId}: ${batch.edits} edits restored.`);
      setLast(null);
      refreshed();
    },
    onError: (error) => setMessage(error.message),
  });
  return { note, setNote, last, message, apply, takeBack };
}
