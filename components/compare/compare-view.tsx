"use client";

import { useState, type HTMLAttributes, type ReactNode } from "react";

import { ImageWithPlaceholder } from "@/components/ui/image-with-placeholder";
import { MAX_ZOOM, MIN_ZOOM, transformOf, type View } from "@/lib/compare/zoom";

import { useFlicker } from "./use-flicker";
import { useZoomPan } from "./use-zoom-pan";

type Mode = "side" | "slider" | "flicker";
const MODES: { value: Mode; label: string }[] = [
  { value: "side", label: "Side by side" },
  { value: "slider", label: "Slider" },
  { value: "flicker", label: "Flicker" },
];

const BUTTON = "rounded-md bg-white px-3 py-1 text-sm text-zinc-700 ring-1 ring-zinc-300 aria-disabled:opacity-40";

// Before and after side by side, under a slider that uncovers the edit, or taking turns
// in one place (flicker). All share one zoom and pan, so every image shows the same
// region. Frames keep a 4:3 box whatever the mode, zoom or loading state, so the page
// below never moves; a single frame takes the size of one side-by-side frame. An image
// that cannot load is a placeholder naming its URI, in every mode.
export function CompareView({
  before,
  after,
}: {
  before: { src: string; uri: string };
  after: { src: string; uri: string };
}) {
  const [mode, setMode] = useState<Mode>("side");
  const [split, setSplit] = useState(50);
  const { view, attachStage, panHandlers, zoomIn, zoomOut, reset, wasDrag } = useZoomPan();
  const flicker = useFlicker(mode === "flicker");
  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <div role="tablist" aria-label="Compare mode" className="flex gap-1">
          {MODES.map(({ value, label }) => (
            <button
              key={value}
              type="button"
              role="tab"
              aria-selected={mode === value}
              onClick={() => setMode(value)}
              className={`rounded-md px-3 py-1 text-sm ${mode === value ? "bg-zinc-900 text-white" : "bg-white text-zinc-700 ring-1 ring-zinc-300"}`}
            >
              {label}
            </button>
          ))}
        </div>
        <div className="flex items-center gap-1">
          {mode === "flicker" ? (
            <button
              type="button"
              className={`${BUTTON} mr-2 w-16`}
              onClick={() => flicker.setIsPlaying(!flicker.isPlaying)}
            >
              {flicker.isPlaying ? "Pause" : "Play"}
            </button>
          ) : null}
          <button
            type="button"
            className={BUTTON}
            aria-label="Zoom out"
            aria-disabled={view.scale <= MIN_ZOOM}
            onClick={zoomOut}
          >
            −
          </button>
          <output aria-label="Zoom" className="w-14 text-center text-sm tabular-nums">
            {Math.round(view.scale * 100)}%
          </output>
          <button
            type="button"
            className={BUTTON}
            aria-label="Zoom in"
            aria-disabled={view.scale >= MAX_ZOOM}
            onClick={zoomIn}
          >
            +
          </button>
          <button
            type="button"
            className={`${BUTTON} ml-1`}
            aria-label="Reset zoom"
            aria-disabled={view.scale === MIN_ZOOM}
            onClick={reset}
          >
            Reset
          </button>
        </div>
      </div>
      <div
        ref={attachStage}
        role="tabpanel"
        aria-label={MODES.find((entry) => entry.value === mode)?.label}
        className="grid grid-cols-4 gap-2"
      >
        {mode === "side" ? (
          <>
            <Frame view={view} className="col-span-2" label="before" {...panHandlers}>
              <Layer view={view} image={before} alt="before" />
            </Frame>
            <Frame view={view} className="col-span-2" label="after" {...panHandlers}>
              <Layer view={view} image={after} alt="after" />
            </Frame>
          </>
        ) : mode === "slider" ? (
          // The range input covers the frame, so a drag there moves the split, not the view.
          <Frame view={view} className="col-span-2 col-start-2">
            <Layer view={view} image={before} alt="before" />
            <div
              className="absolute inset-0"
              style={{ clipPath: `inset(0 ${100 - split}% 0 0)` }}
              data-testid="slider-after"
            >
              <Layer view={view} image={after} alt="after" />
            </div>
            <div
              className="pointer-events-none absolute inset-y-0 w-0.5 bg-white shadow"
              style={{ left: `${split}%` }}
            />
            <input
              type="range"
              min={0}
              max={100}
              value={split}
              onChange={(event) => setSplit(Number(event.target.value))}
              aria-label="Share of the edited image shown"
              className="absolute inset-0 h-full w-full cursor-ew-resize opacity-0"
            />
          </Frame>
        ) : (
          <Frame
            view={view}
            className="col-span-2 col-start-2"
            role="button"
            tabIndex={0}
            aria-label={`Showing the ${flicker.isAfter ? "after" : "before"} image; press Space to show the other`}
            onClick={() => (wasDrag() ? undefined : flicker.toggle())}
            {...panHandlers}
            onKeyDown={(event) => (event.key === "Enter" ? flicker.toggle() : panHandlers.onKeyDown(event))}
          >
            <Layer view={view} image={before} alt="before" hidden={flicker.isAfter} />
            <Layer view={view} image={after} alt="after" hidden={!flicker.isAfter} />
            <span
              data-testid="flicker-label"
              aria-hidden
              className="absolute top-2 left-2 rounded bg-zinc-900/75 px-2 py-0.5 text-xs font-medium text-white"
            >
              {flicker.isAfter ? "after" : "before"}
            </span>
          </Frame>
        )}
      </div>
    </div>
  );
}

type FrameProps = { view: View; className: string; label?: string; children: ReactNode } & Omit<
  HTMLAttributes<HTMLDivElement>,
  "className" | "children"
>;

// The box an image is seen through; dragging it, or the arrow keys once it has focus,
// pan when zoomed (given pan handlers). label: names a frame that is focusable only to pan.
function Frame({ view, className, label, children, ...rest }: FrameProps) {
  const isPannable = view.scale > 1 && "onPointerDown" in rest;
  const focusToPan =
    label && isPannable
      ? { tabIndex: 0, role: "group", "aria-label": `${label}, zoomed: arrow keys move the view` }
      : {};
  return (
    <div
      data-zoom-frame
      className={`relative aspect-[4/3] overflow-hidden rounded bg-zinc-100 select-none ${isPannable ? "cursor-grab touch-none active:cursor-grabbing" : ""} ${className}`}
      {...focusToPan}
      {...rest}
    >
      {children}
    </div>
  );
}

// An image filling its frame, drawn through the shared zoom and pan. Hidden layers stay
// loaded, so that flicker swaps them without a gap.
// Keyed by its URL, so that another image starts without the failure of the one before.
function Layer({
  view,
  image,
  alt,
  hidden = false,
}: {
  view: View;
  image: { src: string; uri: string };
  alt: string;
  hidden?: boolean;
}) {
  return (
    <div
      data-testid="zoom-layer"
      className={`absolute inset-0 origin-top-left ${hidden ? "invisible" : ""}`}
      style={{ transform: transformOf(view) }}
    >
      <ImageWithPlaceholder
        key={image.src}
        src={image.src}
        uri={image.uri}
        alt={alt}
        eager
        draggable={false}
        className="h-full w-full object-contain"
      />
    </div>
  );
}
