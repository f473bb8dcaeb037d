"use client";

import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent } from "react";

import { panBy, UNZOOMED, zoomAt, type View } from "@/lib/compare/zoom";

const BUTTON_STEP = 2;
// A wheel notch (deltaY 100) zooms by about 1.2x.
const WHEEL_RATE = 0.0018;
// A press that moves the pointer less than this many pixels is a click, not a drag.
const CLICK_SLOP = 4;
// An arrow key pans by this share of the frame.
const KEY_STEP = 0.1;
const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [1, 0],
  ArrowRight: [-1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

// One zoom and pan for all the images of a comparison: the wheel zooms around the
// pointer over any element marked data-zoom-frame inside the stage, dragging a frame
// or the arrow keys on a focused one pan, and every frame draws the same view.
export function useZoomPan() {
  const [view, setView] = useState<View>(UNZOOMED);
  const [stage, setStage] = useState<HTMLElement | null>(null);
  const scale = useRef(view.scale);
  const drag = useRef<{ x: number; y: number; moved: number } | null>(null);
  const dragged = useRef(0);

  useEffect(() => {
    scale.current = view.scale;
  }, [view.scale]);

  // A native listener: React's wheel listener is passive and cannot keep the page from
  // scrolling. The page still scrolls when the wheel asks for less zoom at 1x.
  useEffect(() => {
    if (!stage) return;
    const onWheel = (event: WheelEvent) => {
      const frame = (event.target as Element).closest<HTMLElement>("[data-zoom-frame]");
      if (!frame || event.deltaY === 0 || (event.deltaY > 0 && scale.current <= 1)) return;
      event.preventDefault();
      const rect = frame.getBoundingClientRect();
      const pixels = event.deltaMode === WheelEvent.DOM_DELTA_LINE ? event.deltaY * 16 : event.deltaY;
      setView((current) =>
        zoomAt(
          current,
          Math.exp(-pixels * WHEEL_RATE),
          (event.clientX - rect.left) / rect.width,
          (event.clientY - rect.top) / rect.height,
        ),
      );
    };
    stage.addEventListener("wheel", onWheel, { passive: false });
    return () => stage.removeEventListener("wheel", onWheel);
  }, [stage]);

  const panHandlers = {
    onPointerDown(event: PointerEvent<HTMLElement>) {
      dragged.current = 0;
      if (event.button !== 0 || scale.current <= 1) return;
      event.currentTarget.setPointerCapture(event.pointerId);
      drag.current = { x: event.clientX, y: event.clientY, moved: 0 };
    },
    onPointerMove(event: PointerEvent<HTMLElement>) {
      const start = drag.current;
      if (!start) return;
      const rect = event.currentTarget.getBoundingClientRect();
      const [dx, dy] = [event.clientX - start.x, event.clientY - start.y];
      drag.current = { x: event.clientX, y: event.clientY, moved: start.moved + Math.abs(dx) + Math.abs(dy) };
      dragged.current = drag.current.moved;
      setView((current) => panBy(current, dx / rect.width, dy / rect.height));
    },
    onPointerUp() {
      drag.current = null;
    },
    onPointerCancel() {
      drag.current = null;
    },
    // Arrow keys move the view the way they point: ArrowRight shows more of the right.
    onKeyDown(event: KeyboardEvent<HTMLElement>) {
      const arrow = ARROWS[event.key];
      if (!arrow || scale.current <= 1) return;
      event.preventDefault();
      setView((current) => panBy(current, arrow[0] * KEY_STEP, arrow[1] * KEY_STEP));
    },
  };

  return {
    view,
    attachStage: setStage,
    panHandlers,
    zoomIn: useCallback(() => setView((current) => zoomAt(current, BUTTON_STEP)), []),
    zoomOut: useCallback(() => setView((current) => zoomAt(current, 1 / BUTTON_STEP)), []),
    reset: useCallback(() => setView(UNZOOMED), []),
    // Whether the last press was a drag, so that it does not also count as a click.
    wasDrag: () => dragged.current >= CLICK_SLOP,
  };
}
