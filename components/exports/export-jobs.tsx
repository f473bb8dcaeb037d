"use client";

import { useQuery } from "@tanstack/react-query";

import type { ExportJobView } from "@/lib/data/exports";
import { exportsQueryOptions } from "@/lib/queries/exports";

import { ExportJobRow, type Viewer } from "./export-job-row";

// The export jobs, newest first: the server's list at first, then the API's, asked again
// every second while one is queued or running.
export function ExportJobs({ initial, viewer }: { initial: ExportJobView[]; viewer: Viewer }) {
  const { data: jobs = initial, error } = useQuery({ ...exportsQueryOptions(), initialData: initial });
  return (
    <div className="space-y-2">
      {error ? (
        <p role="alert" className="text-sm text-rose-800">
          The list could not be refreshed: {error.message}
        </p>
      ) : null}
      {jobs.length === 0 ? (
        <p className="text-sm text-zinc-600">No exports yet: download one from the gallery, or start a job above.</p>
      ) : (
        <table className="w-full text-sm" data-testid="exports">
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className="py-2 pr-3 font-medium">Export</th>
              <th className="py-2 pr-3 font-medium">Format</th>
              <th className="py-2 pr-3 font-medium">Filter</th>
              <th className="py-2 pr-3 font-medium">By</th>
              <th className="py-2 pr-3 font-medium">Status</th>
              <th className="py-2 pr-3 font-medium">Rows</th>
              <th className="py-2 font-medium">Files</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200">
            {jobs.map((job) => (
              <ExportJobRow key={job.id} job={job} viewer={viewer} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
