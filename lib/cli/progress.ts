import cliProgress from "cli-progress";

// A terminal progress bar with rate and ETA; on a pipe (CI, logs) it stays quiet.
export function startProgress(label: string, total: number) {
  if (!process.stderr.isTTY) return { update: (_done: number) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {rate}/s | ETA {eta_formatted}`, stream: process.stderr, hideCursor: true, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  bar.start(total, 0, { rate: "0" });
  return {
    update: (done: number) => bar.update(done, { rate: (done / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(0) }),
    stop: () => bar.stop(),
  };
}
