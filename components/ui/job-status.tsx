// A job's status as its list shows it (export jobs, judge runs): a queued or running job
// whose worker went silent reads "stalled".
const STATUS_STYLE: Record<string, string> = {
  queued: "bg-zinc-100 text-zinc-700",
  running: "bg-sky-100 text-sky-800",
  stalled: "bg-amber-100 text-amber-900",
  done: "bg-emerald-100 text-emerald-800",
  failed: "bg-rose-100 text-rose-800",
  cancelled: "bg-zinc-200 text-zinc-700",
};

export function JobStatus({ job, testId }: { job: { status: string; stalled: boolean }; testId: string }) {
  const status = job.stalled ? "stalled" : job.status.toLowerCase();
  return (
    <span data-testid={testId} className={`rounded px-1.5 py-0.5 text-xs ${STATUS_STYLE[status]}`}>
      {status}
    </span>
  );
}
