import { formatCount } from "@/lib/format";
import { galleryHref } from "@/lib/schemas/filter-links";
import { OVERALL_BIN_COUNT, OVERALL_BIN_LOWER_BOUNDS, overallBinRange } from "@/lib/scoring/overall-bins";

const WIDTH = 200;
const HEIGHT = 36;
const BIN_WIDTH = WIDTH / OVERALL_BIN_COUNT;

// One edit type's overall scores as a small histogram over [0, 1] with the pass threshold
// drawn; bins at or above the threshold are the passing colour. Each bin is a link to its
// edits, named by its title (also the tooltip; the type is in the histogram's own title),
// over the bars.
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
  // The bars of one colour as one path: 700 bins on /taxonomy as 70 paths, not 700 rects.
  const barsPath = (kind: "passing" | "failing") =>
    bins
      .map((edits, bin) => {
        const passing = (OVERALL_BIN_LOWER_BOUNDS[bin] ?? 0) >= threshold;
        const height = Math.round((edits / tallest) * HEIGHT * 100) / 100;
        if (passing !== (kind === "passing") || height === 0) return "";
        return `M${bin * BIN_WIDTH + 0.5} ${HEIGHT - height}h${BIN_WIDTH - 1}v${height}h${1 - BIN_WIDTH}z`;
      })
      .join("");
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
      {(["failing", "passing"] as const).map((kind) => (
        <path key={kind} d={barsPath(kind)} className={kind === "passing" ? "fill-emerald-500" : "fill-zinc-400"} />
      ))}
      {bins.map((edits, bin) => {
        const range = overallBinRange(bin);
        const label = `overall ${range.min?.toFixed(2)} to ${bin === OVERALL_BIN_COUNT - 1 ? "1.00" : ((bin + 1) / OVERALL_BIN_COUNT).toFixed(2)}: ${formatCount(edits)} edits`;
        return (
          <a key={bin} href={galleryHref({ types: [typeId], overall: range })}>
            <title>{label}</title>
            <rect
              x={bin * BIN_WIDTH}
              y={0}
              width={BIN_WIDTH}
              height={HEIGHT}
              className="fill-transparent hover:fill-zinc-900/10"
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
