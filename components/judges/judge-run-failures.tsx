"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";

import { formatCount } from "@/lib/format";
import { judgeRunQueryOptions } from "@/lib/queries/judges";

// The server sends a run's first 100 failures.
const SHOWN = 100;

// The edits a run could not judge, each with its attempts, why, and what the model answered
// when its answer could not be read.
export function JudgeRunFailures({ id }: { id: number }) {
  const { data: run, error, isPending } = useQuery(judgeRunQueryOptions(id));
  if (isPending) return <p className="mt-1 text-zinc-500">Loading…</p>;
  if (error)
    return (
      <p role="alert" className="mt-1 text-rose-800">
        The failures could not be read: {error.message}
      </p>
    );
  return (
    <div className="mt-1 max-h-96 overflow-y-auto">
      <table className="w-full" data-testid="run-failures">
        <thead className="text-left uppercase tracking-wide text-zinc-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Edit</th>
            <th className="py-1 pr-3 text-right font-medium">Attempts</th>
            <th className="py-1 pr-3 font-medium">Error</th>
            <th className="py-1 font-medium">Model&apos;s answer</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 align-top">
          {run.failures.map((failure) => (
            <tr key={failure.editId} data-edit-id={failure.editId}>
              <td className="py-1 pr-3 tabular-nums">
                <Link href={`/edits/${failure.editId}`} className="underline">
                  {failure.editId}
                </Link>
              </td>
              <td className="py-1 pr-3 text-right tabular-nums">{failure.attempts}</td>
              <td className="break-words py-1 pr-3 text-rose-800">{failure.error}</td>
              <td className="py-1">
                {failure.response === null ? (
                  <span className="text-zinc-500">none</span>
                ) : (
                  <pre className="max-h-24 max-w-md overflow-auto whitespace-pre-wrap break-words font-mono">
                    {failure.response}
                  </pre>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {run.failed > run.failures.length && run.failures.length === SHOWN ? (
        <p className="mt-1 text-zinc-500">
          The first {SHOWN} of {formatCount(run.failed)}, by edit id.
        </p>
      ) : null}
    </div>
  );
}
