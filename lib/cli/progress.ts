import cliProgress from "cli-progress";

export type ProgressOptions = { unit?: "items" | "bytes"; counted?: string };

// A terminal progress bar with rate and ETA; on a pipe (CI, logs) it stays quiet. For a
// file read in bytes, `counted` names what the rate counts (records), passed to update.
export function startProgress(label: string, total: number, options: ProgressOptions = {}) {
  if (!process.stderr.isTTY) return { update: (_done: number, _counted?: number) => {}, stop: () => {} };
  const amounts = options.unit === "bytes" ? "{doneMB}/{totalMB} MB" : "{value}/{total}";
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} [{bar}] {percentage}% | ${amounts} | {rate} ${options.counted ?? ""}/s | ETA {eta_formatted}`,
      stream: process.stderr,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  bar.start(total, 0, { rate: "0", doneMB: "0.0", totalMB: mb(total) });
  return {
    update: (done: number, counted = done) =>
      bar.update(done, {
        rate: Math.round(counted / Math.max((Date.now() - started) / 1000, 0.001)).toLocaleString("en-US"),
        doneMB: mb(done),
        totalMB: mb(total),
      }),
    stop: () => bar.stop(),
  };
}
