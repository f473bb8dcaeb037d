import Link from "next/link";

import type { EditDetail } from "@/lib/data/edits";

type Signal = NonNullable<EditDetail["signal"]>;

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
const size = (width: number | null, height: number | null) =>
  width === null || height === null ? "–" : `${width}×${height}`;

const FLAGS = [
  { key: "noOp", label: "no-op", param: "no-op", about: "the output barely differs from the source" },
  { key: "overEdit", label: "over-edit", param: "over-edit", about: "a local edit that changed most of the picture" },
  { key: "sizeChanged", label: "size changed", param: "size", about: "the output's aspect ratio is not the source's" },
] as const;

// Where the change is: the changed share of each cell of the 4 x 4 grid, darker for more.
function ChangeGrid({ grid }: { grid: number[] }) {
  const side = Math.round(Math.sqrt(grid.length));
  return (
    <div
      className="grid w-24 gap-px rounded border border-zinc-200 bg-zinc-200"
      style={{ gridTemplateColumns: `repeat(${side}, minmax(0, 1fr))` }}
      role="img"
      aria-label={`changed share by region, row by row: ${grid.map((cell) => percent(cell)).join(", ")}`}
    >
      {grid.map((cell, index) => (
        <div key={index} className="aspect-square bg-rose-600" style={{ opacity: Math.max(0.04, cell) }} />
      ))}
    </div>
  );
}

// An edit's change signals (lib/signals): the measures, where the change is, and the flags,
// each a link to the gallery of the edits it flags.
export function ChangeSignals({ signal }: { signal: Signal | null }) {
  if (!signal)
    return (
      <p className="text-sm text-zinc-600">
        Not measured yet: <code>npm run signals</code> measures how the output differs from the source.
      </p>
    );
  if (!signal.available)
    return (
      <p className="text-sm text-zinc-700" data-testid="signals-unavailable">
        <Link href="/edits?flags=unavailable" className="font-medium text-amber-700 underline">
          Image unavailable
        </Link>
        : {signal.error}
      </p>
    );
  const raised = FLAGS.filter((flag) => signal[flag.key]);
  return (
    <div className="flex flex-wrap items-start gap-6" data-testid="signals">
      <dl className="grid grid-cols-[auto_auto] gap-x-4 gap-y-1 text-sm">
        <dt className="text-zinc-500">Pixels changed</dt>
        <dd className="tabular-nums">{percent(signal.changedFraction)}</dd>
        <dt className="text-zinc-500">Mean difference</dt>
        <dd className="tabular-nums">{percent(signal.meanAbsDiff)}</dd>
        <dt className="text-zinc-500">SSIM</dt>
        <dd className="tabular-nums">{signal.ssim === null ? "–" : signal.ssim.toFixed(3)}</dd>
        <dt className="text-zinc-500">Size</dt>
        <dd className="tabular-nums">
          {size(signal.sourceWidth, signal.sourceHeight)} → {size(signal.outputWidth, signal.outputHeight)}
        </dd>
      </dl>
      {signal.grid?.length ? <ChangeGrid grid={signal.grid} /> : null}
      <ul className="space-y-1 text-sm">
        {raised.length === 0 ? <li className="text-zinc-500">No flags</li> : null}
        {raised.map((flag) => (
          <li key={flag.key}>
            <Link href={`/edits?flags=${flag.param}`} className="font-medium text-amber-700 underline">
              {flag.label}
            </Link>{" "}
            <span className="text-zinc-600">{flag.about}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
