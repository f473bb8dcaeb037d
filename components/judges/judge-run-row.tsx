"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";

import type { JudgeRunView } from "@/lib/data/judges";
import { JobStatus } from "@/components/ui/job-status";
import { formatCount, formatUtcMinute } from "@/lib/format";
import { isRunActive, judgeRunsQueryOptions } from "@/lib/queries/judges";

import { cancelJudgeRun, resumeJudgeRun } from "./api";
import { JudgeRunFailures } from "./judge-run-failures";

const ACTIONS = { cancel: cancelJudgeRun, resume: resumeJudgeRun };
type Action = keyof typeof ACTIONS;

const COLUMNS = 7;

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

// Edits a second over the run's time so far, and the time left at that rate: the edits of
// the filter not yet done, no more than its limit leaves. A resumed run counts its limit
// afresh, so its ETA may come out short.
function pace(run: JudgeRunView): { rate: number | null; eta: number | null } {
  const asked = run.judged + run.failed;
  const rate = run.seconds ? asked / run.seconds : null;
  if (rate === null || rate === 0 || run.total === null || !isRunActive(run) || run.stalled) return { rate, eta: null };
  let left = run.total - run.skipped - asked;
  if (run.options.limit !== undefined) left = Math.min(left, run.options.limit - asked);
  return { rate, eta: Math.max(0, left) / rate };
}

function Progress({ run }: { run: JudgeRunView }) {
  const done = run.skipped + run.judged + run.failed;
  const percent = run.total ? Math.floor((100 * done) / run.total) : null;
  return (
    <div className="space-y-1">
      {/* Without a total yet (a queued run), the bar is indeterminate. */}
      <progress
        value={run.total === null ? undefined : done}
        max={run.total || 1}
        className="h-2 w-32"
        aria-label={`Judge run ${run.id} progress`}
      />
      <div data-testid="run-progress" className="text-xs tabular-nums text-zinc-600">
        {formatCount(done)} / {run.total === null ? "?" : formatCount(run.total)} edits
        {percent === null ? "" : ` · ${percent}%`}
      </div>
      {run.skipped ? (
        <div className="text-xs text-zinc-500">{formatCount(run.skipped)} judged before, skipped</div>
      ) : null}
    </div>
  );
}

const button = "rounded-md border border-zinc-300 bg-white px-2 py-0.5 hover:bg-zinc-50 disabled:opacity-50";

// One judge run: what, over which edits, how far and how fast, what it cost, and for an
// admin the way to stop or resume it. The server checks the same rule; the buttons only
// hide what it would refuse. Its failures load when their disclosure is opened.
export function JudgeRunRow({ run, isAdmin }: { run: JudgeRunView; isAdmin: boolean }) {
  const client = useQueryClient();
  const [showFailures, setShowFailures] = useState(false);
  const manage = useMutation({
    mutationFn: (action: Action) => ACTIONS[action](run.id),
    onSettled: () => client.invalidateQueries({ queryKey: judgeRunsQueryOptions().queryKey }),
  });
  const { rate, eta } = pace(run);
  const mayCancel = run.status === "QUEUED" || run.status === "RUNNING";
  const mayResume = run.status === "FAILED" || run.status === "CANCELLED" || run.stalled;
  return (
    <tbody data-run-id={run.id} className="border-t border-zinc-200 align-top">
      <tr>
        <td className="py-2 pr-3 tabular-nums">
          <div className="font-medium">{run.id}</div>
          <div className="text-xs text-zinc-500">{run.createdBy?.name ?? "—"}</div>
          <div className="text-xs text-zinc-500">{formatUtcMinute(run.createdAt)}</div>
        </td>
        <td className="py-2 pr-3">
          <div className="break-all font-medium" data-testid="run-judge">
            {run.judge}
          </div>
          <div className="break-all text-xs text-zinc-500" data-testid="run-model" title={run.baseUrl}>
            {run.model}
          </div>
          <div className="text-xs text-zinc-500">rubric {run.rubricVersion}</div>
        </td>
        <td className="max-w-48 py-2 pr-3">
          <Link
            href={run.query ? `/edits?${run.query}` : "/edits"}
            className="break-all font-mono text-xs underline"
            data-testid="run-filter"
          >
            {run.query || "all edits"}
          </Link>
          {run.options.limit !== undefined ? (
            <div className="text-xs text-zinc-500">limit {formatCount(run.options.limit)}</div>
          ) : null}
        </td>
        <td className="py-2 pr-3">
          <JobStatus job={run} testId="run-status" />
          {run.error ? (
            <div data-testid="run-error" className="mt-1 max-w-56 break-words text-xs text-rose-800">
              {run.error}
            </div>
          ) : null}
          {isAdmin && (mayCancel || mayResume) ? (
            <div className="mt-1 flex flex-wrap gap-2 text-xs">
              {mayCancel ? (
                <button
                  type="button"
                  className={button}
                  disabled={manage.isPending}
                  onClick={() => manage.mutate("cancel")}
                >
                  Cancel
                </button>
              ) : null}
              {mayResume ? (
                <button
                  type="button"
                  className={button}
                  disabled={manage.isPending}
                  onClick={() => manage.mutate("resume")}
                >
                  Resume
                </button>
              ) : null}
            </div>
          ) : null}
          {manage.isError ? (
            <p role="alert" className="mt-1 max-w-56 text-xs text-rose-800">
              {manage.error.message}
            </p>
          ) : null}
        </td>
        <td className="py-2 pr-3">
          <Progress run={run} />
        </td>
        <td className="py-2 pr-3 text-xs tabular-nums">
          <div>
            <span data-testid="run-judged">{formatCount(run.judged)}</span> judged
          </div>
          <div className={run.failed ? "text-rose-800" : undefined}>
            <span data-testid="run-failed">{formatCount(run.failed)}</span> failed
          </div>
          <div className="mt-1 text-zinc-600" data-testid="run-rate">
            {rate === null ? "–" : `${rate.toFixed(1)} edits/s`}
          </div>
          {eta !== null ? (
            <div className="text-zinc-600" data-testid="run-eta">
              ETA {formatDuration(eta)}
            </div>
          ) : null}
        </td>
        <td className="py-2 text-xs tabular-nums">
          <div>
            <span data-testid="run-requests">{formatCount(run.requests)}</span> requests
          </div>
          <div title={`${formatCount(run.promptTokens)} prompt + ${formatCount(run.completionTokens)} completion`}>
            <span data-testid="run-tokens">{formatCount(run.promptTokens + run.completionTokens)}</span> tokens
          </div>
          <div data-testid="run-cost">${run.costUsd.toFixed(4)}</div>
        </td>
      </tr>
      {run.failed > 0 ? (
        <tr>
          <td colSpan={COLUMNS} className="pb-2">
            <details onToggle={(event) => setShowFailures(event.currentTarget.open)} className="text-xs">
              <summary className="cursor-pointer text-zinc-600">
                Edits run {run.id} could not judge ({formatCount(run.failed)})
              </summary>
              {showFailures ? <JudgeRunFailures id={run.id} /> : null}
            </details>
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}
