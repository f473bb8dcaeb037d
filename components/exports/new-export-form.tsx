"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { EXPORT_FORMATS, FORMATS, type ExportFormatName } from "@/lib/export/formats";
import { exportsQueryOptions } from "@/lib/queries/exports";

import { startExport } from "./api";

// A job for the worker: a format and a filter, the gallery's query string (prefilled from
// the gallery's "Run as job"). The server reads the filter, and its message says what it
// could not read.
export function NewExportForm({ filter: initialFilter }: { filter: string }) {
  const client = useQueryClient();
  const [format, setFormat] = useState<ExportFormatName>("sft");
  const [filter, setFilter] = useState(initialFilter);
  const [prefix, setPrefix] = useState(false);
  const start = useMutation({
    mutationFn: startExport,
    onSuccess: () => client.invalidateQueries({ queryKey: exportsQueryOptions().queryKey }),
  });
  return (
    <form
      aria-label="New export job"
      className="space-y-3 rounded-lg bg-white p-4 text-sm ring-1 ring-zinc-200"
      onSubmit={(event) => {
        event.preventDefault();
        start.mutate({ format, filter: filter.trim(), options: format === "multi-turn" && prefix ? { prefix } : {} });
      }}
    >
      <h2 className="font-medium">New export job</h2>
      <div className="grid gap-3 sm:grid-cols-[17rem_1fr_auto] sm:items-end">
        <label>
          <span className="font-medium">Format</span>
          <select
            value={format}
            onChange={(event) => setFormat(event.target.value as ExportFormatName)}
            className="mt-1 block w-full rounded-md border border-zinc-300 bg-white px-2 py-1.5"
          >
            {EXPORT_FORMATS.map((name) => (
              <option key={name} value={name}>
                {FORMATS[name].label}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span className="font-medium">Filter</span>
          <input
            value={filter}
            onChange={(event) => setFilter(event.target.value)}
            placeholder="the gallery's query string, e.g. categories=2&effective=pass (empty: every edit)"
            maxLength={10_000}
            spellCheck={false}
            className="mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5 font-mono text-xs"
          />
        </label>
        <button
          type="submit"
          disabled={start.isPending}
          className="rounded-md bg-zinc-900 px-3 py-2 font-medium text-white disabled:opacity-50"
        >
          Start export
        </button>
      </div>
      {format === "multi-turn" ? (
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={prefix} onChange={(event) => setPrefix(event.target.checked)} />
          Prefix: stop each sequence before its first failed turn (leave out a sequence whose first turn failed)
        </label>
      ) : null}
      {start.isError ? (
        <p role="alert" className="text-rose-800">
          {start.error.message}
        </p>
      ) : start.isSuccess ? (
        <p role="status" className="text-emerald-800">
          Export {start.data.id} queued.
        </p>
      ) : null}
    </form>
  );
}
