"use client";

import { useQuery } from "@tanstack/react-query";

import type { JudgeRunView } from "@/lib/data/judges";
import { judgeRunsQueryOptions } from "@/lib/queries/judges";

import { JudgeRunRow } from "./judge-run-row";

const th = "py-2 pr-3 font-medium";

// The judge runs, newest first: the server's list at first, then the API's, asked again
// every second while one is queued or running.
export function JudgeRuns({ initial, isAdmin }: { initial: JudgeRunView[]; isAdmin: boolean }) {
  const { data: runs = initial, error } = useQuery({ ...judgeRunsQueryOptions(), initialData: initial });
  return (
    <div className="space-y-2">
      {error ? (
        <p role="alert" className="text-sm text-rose-800">
          The list could not be refreshed: {error.message}
        </p>
      ) : null}
      {runs.length === 0 ? (
        <p className="text-sm text-zinc-600">
          No judge runs yet: start one {isAdmin ? "above" : "as an admin"}, or with <code>npm run judge</code>.
        </p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[60rem] text-sm" data-testid="judge-runs">
            <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
              <tr>
                <th className={th}>Run</th>
                <th className={th}>Judge</th>
                <th className={th}>Filter</th>
                <th className={th}>Status</th>
                <th className={th}>Progress</th>
                <th className={th}>Edits</th>
                <th className="py-2 font-medium">Usage</th>
              </tr>
            </thead>
            {runs.map((run) => (
              <JudgeRunRow key={run.id} run={run} isAdmin={isAdmin} />
            ))}
          </table>
        </div>
      )}
    </div>
  );
}
