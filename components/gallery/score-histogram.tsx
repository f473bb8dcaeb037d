"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useState } from "react";

import { PASS_THRESHOLD } from "@/lib/scoring/scoring";

// Overall scores of the edits under the rest of the filter, in equal bins over [0, 1].
// Dragging across bins (or clicking one) sets the overall range in the URL; the
// selected range is shaded and the pass threshold drawn.
export function ScoreHistogram({ bins, range }: { bins: number[]; range: { min?: number; max?: number } }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [drag, setDrag] = useState<{ from: number; to: number } | null>(null);
  const width = 1 / bins.length;
  const highest = Math.max(1, ...bins);
  const binAt = (event: React.PointerEvent<HTMLDivElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return Math.max(0, Math.min(bins.length - 1, Math.floor(((event.clientX - box.left) / box.width) * bins.length)));
  };
  const apply = (min?: number, max?: number) => {
    const next = new URLSearchParams(params);
    next.delete("cursor");
    for (const [key, value] of [
      ["overall_min", min],
      ["overall_max", max],
    ] as const) {
      if (value === undefined) next.delete(key);
      else next.set(key, String(Number(value.toFixed(4))));
    }
    router.push(`${pathname}?${next}`, { scroll: false });
  };
  const selected = (index: number) => {
    if (drag) return index >= Math.min(drag.from, drag.to) && index <= Math.max(drag.from, drag.to);
    const low = index * width;
    return (
      (range.min !== undefined || range.max !== undefined) && low + width > (range.min ?? 0) && low < (range.max ?? 1)
    );
  };
  const total = bins.reduce((sum, count) => sum + count, 0);

  return (
    <div className="px-2">
      <div
        role="slider"
        tabIndex={0}
        aria-label="Overall score range: drag across the bars"
        aria-valuemin={0}
        aria-valuemax={1}
        aria-valuenow={range.min ?? 0}
        aria-valuetext={
          range.min !== undefined || range.max !== undefined ? `${range.min ?? 0} to ${range.max ?? 1}` : "any score"
        }
        data-testid="score-histogram"
        className="relative flex h-16 cursor-crosshair touch-none select-none items-end gap-px"
        onPointerDown={(event) => {
          event.currentTarget.setPointerCapture(event.pointerId);
          const bin = binAt(event);
          setDrag({ from: bin, to: bin });
        }}
        onPointerMove={(event) => drag && setDrag({ ...drag, to: binAt(event) })}
        onPointerUp={() => {
          if (!drag) return;
          const low = Math.min(drag.from, drag.to);
          const high = Math.max(drag.from, drag.to);
          setDrag(null);
          apply(low * width, (high + 1) * width);
        }}
      >
        {bins.map((count, index) => (
          <div
            key={index}
            title={`${(index * width).toFixed(2)}-${((index + 1) * width).toFixed(2)}: ${count} edits`}
            className={`flex-1 rounded-t-sm ${selected(index) ? "bg-zinc-900" : "bg-zinc-300"}`}
            style={{ height: `${Math.max(count > 0 ? 4 : 1, (count / highest) * 100)}%` }}
          />
        ))}
        <div
          className="pointer-events-none absolute inset-y-0 border-l border-dashed border-rose-500"
          style={{ left: `${PASS_THRESHOLD * 100}%` }}
          title={`pass threshold ${PASS_THRESHOLD}`}
        />
      </div>
      <div className="mt-1 flex justify-between text-[11px] tabular-nums text-zinc-500">
        <span>0</span>
        <span className="text-rose-600">{PASS_THRESHOLD}</span>
        <span>1</span>
      </div>
      <p className="mt-1 text-xs text-zinc-500">
        {total === 0
          ? "No scored edits."
          : range.min !== undefined || range.max !== undefined
            ? `Overall ${range.min ?? 0}-${range.max ?? 1}. `
            : "Drag across the bars to pick a range."}
        {range.min !== undefined || range.max !== undefined ? (
          <button type="button" className="underline" onClick={() => apply()}>
            any score
          </button>
        ) : null}
      </p>
    </div>
  );
}
