import { formatCount } from "@/lib/format";
import { galleryHref } from "@/lib/schemas/filter-links";
import { OVERALL_BIN_COUNT, OVERALL_BIN_LOWER_BOUNDS, overallBinRange } from "@/lib/scoring/overall-bins";

const WIDTH = 200;
const HEIGHT = 36;
const BIN_WIDTH = WIDTH / OVERALL_BIN_COUNT;

// One edit type's overall scores as a small histogram over [0, 1] with the pass threshold
// drawn; bins at or above the threshold are the passing colour. Each bin opens its edits.
export function OverallHistogram({
  typeId,
  typeName,
  bins,
  threshold,
}: {
  typeId: number;
  typeName: string;
  bins: number[];
  threshold: number;
}) {
  const tallest = Math.max(1, ...bins);
  const scored = bins.reduce((sum, n) => sum + n, 0);
  const x = threshold * WIDTH;
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT + 1}`}
      className="h-10 w-52"
      aria-labelledby={`histogram-${typeId}-title`}
      data-testid={`histogram-${typeId}`}
    >
      <title
        id={`histogram-${typeId}-title`}
      >{`Overall scores of ${typeName}: ${formatCount(scored)} scored edits in ${OVERALL_BIN_COUNT} bins from 0 to 1, threshold ${threshold.toFixed(2)}`}</title>
      <line x1={0} x2={WIDTH} y1={HEIGHT + 0.5} y2={HEIGHT + 0.5} className="stroke-zinc-300" strokeWidth={1} />
      {bins.map((edits, bin) => {
        const range = overallBinRange(bin);
        const height = (edits / tallest) * HEIGHT;
        const passing = (OVERALL_BIN_LOWER_BOUNDS[bin] ?? 0) >= threshold;
        const label = `${typeName}, overall ${range.min?.toFixed(2)} to ${bin === OVERALL_BIN_COUNT - 1 ? "1.00" : ((bin + 1) / OVERALL_BIN_COUNT).toFixed(2)}: ${formatCount(edits)} edits`;
        return (
          <a key={bin} href={galleryHref({ types: [typeId], overall: range })} aria-label={label}>
            <title>{label}</title>
            <rect
              x={bin * BIN_WIDTH}
              y={0}
              width={BIN_WIDTH}
              height={HEIGHT}
              className="fill-transparent hover:fill-zinc-100"
            />
            <rect
              x={bin * BIN_WIDTH + 0.5}
              y={HEIGHT - height}
              width={BIN_WIDTH - 1}
              height={height}
              className={passing ? "fill-emerald-500" : "fill-zinc-400"}
            />
          </a>
        );
      })}
      <line
        x1={x}
        x2={x}
        y1={0}
        y2={HEIGHT + 1}
        className="stroke-rose-600"
        strokeWidth={1.5}
        strokeDasharray="3 2"
        data-testid={`threshold-line-${typeId}`}
        data-threshold={threshold}
      />
    </svg>
  );
}
