"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect } from "react";

import { review, type Verdict } from "./api";

// Pass or fail on the edit page, by button or by P and F, against the version the page
// shows (its newest review): a stale page gets the server's 409 message and a reload.
export function EditVerdict({ editId, after }: { editId: number; after: number | null }) {
  const router = useRouter();
  const send = useMutation({
    mutationFn: (verdict: Verdict) => review({ editId, verdict, after }),
    onSuccess: () => router.refresh(),
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      if (event.metaKey || event.ctrlKey || event.altKey || send.isPending) return;
      const verdict = { p: "PASS", f: "FAIL" }[event.key.toLowerCase()] as Verdict | undefined;
      if (!verdict) return;
      event.preventDefault();
      send.mutate(verdict);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [send]);
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
