"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";

import type { Role } from "@/lib/auth/roles";
import type { ExportJobView } from "@/lib/data/exports";
import { JobStatus } from "@/components/ui/job-status";
import { formatCount, formatUtcMinute } from "@/lib/format";
import { exportsQueryOptions } from "@/lib/queries/exports";

import { cancelExport, deleteExport, retryExport } from "./api";

export type Viewer = { id: number; role: Role } | null;

const ACTIONS = { cancel: cancelExport, retry: retryExport, delete: deleteExport };
type Action = keyof typeof ACTIONS;

function Progress({ job }: { job: ExportJobView }) {
  const total = job.rowsTotal;
  const percent = total ? Math.floor((100 * job.rowsWritten) / total) : null;
  const rate = job.seconds ? Math.round(job.rowsWritten / job.seconds) : null;
  return (
    <div className="mt-1 space-y-1">
      {/* Without a total yet, the bar is indeterminate. */}
      <progress
        value={total ? job.rowsWritten : undefined}
        max={total || undefined}
        className="h-2 w-32"
        aria-label={`Export ${job.id} progress`}
      />
      <div data-testid="export-progress" className="text-xs tabular-nums text-zinc-600">
        {formatCount(job.rowsWritten)} / {total === null ? "?" : formatCount(total)} rows
        {percent === null ? "" : ` · ${percent}%`}
        {rate === null ? "" : ` · ${formatCount(rate)} rows/s`}
      </div>
    </div>
  );
}

function Counts({ title, counts }: { title: string; counts: Record<string, number> }) {
  return (
    <table className="mt-1 text-xs">
      <caption className="text-left text-zinc-500">{title}</caption>
      <tbody>
        {Object.entries(counts).map(([name, count]) => (
          <tr key={name}>
            <td className="pr-3">{name}</td>
            <td className="text-right tabular-nums">{formatCount(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const button = "rounded-md border border-zinc-300 bg-white px-2 py-0.5 hover:bg-zinc-50 disabled:opacity-50";

// One export: what, by whom, how far, its files, and what its creator (or an admin) may do
// with it. The server checks the same rule; the buttons only hide what it would refuse.
export function ExportJobRow({ job, viewer }: { job: ExportJobView; viewer: Viewer }) {
  const client = useQueryClient();
  const manage = useMutation({
    mutationFn: (action: Action) => ACTIONS[action](job.id),
    onSettled: () => client.invalidateQueries({ queryKey: exportsQueryOptions().queryKey }),
  });
  const mayManage = viewer !== null && (viewer.role === "ADMIN" || job.createdBy?.id === viewer.id);
  const files = job.status === "DONE" && job.via !== "CLI" ? [job.file, "manifest.json", "README.md"] : [];
  return (
    <tr data-export-id={job.id} className="align-top">
      <td className="py-2 pr-3 tabular-nums">
        <div className="font-medium">{job.id}</div>
        <div className="text-xs text-zinc-500">{job.via.toLowerCase()}</div>
      </td>
      <td className="py-2 pr-3">
        {job.label}
        {job.options.prefix ? <div className="text-xs text-zinc-500">prefix</div> : null}
      </td>
      <td className="max-w-56 py-2 pr-3">
        <Link
          href={job.query ? `/edits?${job.query}` : "/edits"}
          className="break-all font-mono text-xs underline"
          data-testid="export-filter"
        >
          {job.query || "all edits"}
        </Link>
      </td>
      <td className="py-2 pr-3">
        <div>{job.createdBy?.name ?? "—"}</div>
        <div className="text-xs text-zinc-500">{formatUtcMinute(job.createdAt)}</div>
      </td>
      <td className="py-2 pr-3">
        <JobStatus job={job} testId="export-status" />
        {job.status === "RUNNING" ? <Progress job={job} /> : null}
        {job.error && (job.status === "FAILED" || job.status === "CANCELLED") ? (
          <div data-testid="export-error" className="mt-1 text-xs text-rose-800">
            {job.error}
          </div>
        ) : null}
      </td>
      <td className="py-2 pr-3">
        {job.status === "DONE" && job.rowCount !== null ? (
          <>
            <div data-testid="export-rows" className="tabular-nums">
              {formatCount(job.rowCount)}
            </div>
            {job.sha256 ? (
              <code title={job.sha256} className="text-xs text-zinc-500">
                {job.sha256.slice(0, 12)}…
              </code>
            ) : null}
          </>
        ) : null}
        {job.status === "DONE" && job.manifest ? (
          <details className="mt-1 text-xs">
            <summary className="cursor-pointer text-zinc-600">
              {formatCount(job.manifest.counts.edits)} edits matched
            </summary>
            <Counts title="per subset" counts={job.manifest.counts.subsets} />
            <Counts title="per effective verdict" counts={job.manifest.counts.effectiveVerdicts} />
          </details>
        ) : null}
      </td>
      <td className="py-2">
        <div className="flex flex-wrap gap-x-3 gap-y-1">
          {files.map((name) => (
            <a
              key={name}
              href={`/api/exports/${job.id}/files/${encodeURIComponent(name)}`}
              download
              className="text-xs underline"
            >
              {name}
            </a>
          ))}
        </div>
        {mayManage ? (
          <div className="mt-1 flex flex-wrap gap-2 text-xs">
            {job.status === "QUEUED" || job.status === "RUNNING" ? (
              <button
                type="button"
                className={button}
                disabled={manage.isPending}
                onClick={() => manage.mutate("cancel")}
              >
                Cancel
              </button>
            ) : null}
            {job.status === "FAILED" || job.status === "CANCELLED" || job.stalled ? (
              <button
                type="button"
                className={button}
                disabled={manage.isPending}
                onClick={() => manage.mutate("retry")}
              >
                Run again
              </button>
            ) : null}
            <button
              type="button"
              className={button}
              disabled={manage.isPending}
              onClick={() => manage.mutate("delete")}
            >
              Delete
            </button>
          </div>
        ) : null}
        {manage.isError ? (
          <p role="alert" className="mt-1 text-xs text-rose-800">
            {manage.error.message}
          </p>
        ) : null}
      </td>
    </tr>
  );
}
