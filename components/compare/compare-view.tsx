"use client";

import { useState } from "react";

type Mode = "side" | "slider";

// Before and after, side by side or stacked under a slider that uncovers the edit. The
// slider is a range input, so it follows drag, click and the arrow keys alike.
export function CompareView({ beforeSrc, afterSrc }: { beforeSrc: string; afterSrc: string }) {
  const [mode, setMode] = useState<Mode>("side");
  const [split, setSplit] = useState(50);
  return (
    <div>
      <div role="tablist" aria-label="Compare mode" className="mb-3 flex gap-1">
        {(["side", "slider"] as const).map((value) => (
          <button
            key={value}
            type="button"
            role="tab"
            aria-selected={mode === value}
            onClick={() => setMode(value)}
            className={`rounded-md px-3 py-1 text-sm ${mode === value ? "bg-zinc-900 text-white" : "bg-white text-zinc-700 ring-1 ring-zinc-300"}`}
          >
            {value === "side" ? "Side by side" : "Slider"}
          </button>
        ))}
      </div>
      {mode === "side" ? (
        <div className="grid grid-cols-2 gap-2">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={beforeSrc} alt="before" className="w-full rounded bg-zinc-100" />
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={afterSrc} alt="after" className="w-full rounded bg-zinc-100" />
        </div>
      ) : (
        <div className="relative max-w-3xl select-none overflow-hidden rounded bg-zinc-100">
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={beforeSrc} alt="before" className="block w-full" draggable={false} />
          <div className="absolute inset-y-0 left-0 overflow-hidden" style={{ width: `${split}%` }} data-testid="slider-after">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={afterSrc} alt="after" className="block h-full max-w-none object-cover object-left" style={{ width: `${10000 / Math.max(split, 0.01)}%` }} draggable={false} />
          </div>
          <div className="pointer-events-none absolute inset-y-0 w-0.5 bg-white shadow" style={{ left: `${split}%` }} />
          <input
            type="range"
            min={0}
            max={100}
            value={split}
            onChange={(event) => setSplit(Number(event.target.value))}
            aria-label="Share of the edited image shown"
            className="absolute inset-0 h-full w-full cursor-ew-resize opacity-0"
          />
        </div>
      )}
    </div>
  );
}
