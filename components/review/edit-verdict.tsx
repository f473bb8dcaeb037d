"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { review, undo, type Verdict } from "./api";

// Pass or fail on the edit page, by button or by P and F, against the version the page
// shows (its newest review), and U to undo that review: a stale page gets the server's
// 409 message and a reload.
export function EditVerdict({ editId, after }: { editId: number; after: number | null }) {
  const router = useRouter();
  const send = useMutation({
    mutationFn: (action: Verdict | "UNDO") =>
      action === "UNDO" ? undo(after as number) : review({ editId, verdict: action, after }),
    onSuccess: () => router.refresh(),
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.metaKey || event.ctrlKey || event.altKey || send.isPending) return;
      const action = { p: "PASS", f: "FAIL", u: "UNDO" }[event.key.toLowerCase()] as Verdict | "UNDO" | undefined;
      if (!action || (action === "UNDO" && after === null)) return;
      event.preventDefault();
      send.mutate(action);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [send, after]);
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="edit-verdict">
      <button
        type="button"
        onClick={() => send.mutate("PASS")}
        disabled={send.isPending}
        className="rounded bg-emerald-600 px-3 py-1 font-medium text-white"
      >
        Pass <kbd>P</kbd>
      </button>
      <button
        type="button"
        onClick={() => send.mutate("FAIL")}
        disabled={send.isPending}
        className="rounded bg-rose-600 px-3 py-1 font-medium text-white"
      >
        Fail <kbd>F</kbd>
      </button>
      {after !== null ? (
        <button
          type="button"
          onClick={() => send.mutate("UNDO")}
          disabled={send.isPending}
          className="rounded px-3 py-1 ring-1 ring-zinc-300"
        >
          Undo review {after} <kbd>U</kbd>
        </button>
      ) : null}
      {send.isError ? (
        <span role="alert" className="text-rose-700">
          Not saved: {send.error.message}.{" "}
          <button type="button" className="underline" onClick={() => router.refresh()}>
            Reload
          </button>
        </span>
      ) : null}
    </div>
  );
}
