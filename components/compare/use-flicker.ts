"use client";

import { useCallback, useEffect, useState } from "react";

export const FLICKER_MS = 600;

// Before and after taking turns in one place every FLICKER_MS while the flicker mode is
// on and playing. Showing the other one by hand pauses, so it stays in view.
export function useFlicker(isOn: boolean) {
  const [isAfter, setIsAfter] = useState(false);
  const [isPlaying, setIsPlaying] = useState(true);

  useEffect(() => {
    if (!isOn || !isPlaying) return;
    const timer = window.setInterval(() => setIsAfter((current) => !current), FLICKER_MS);
    return () => window.clearInterval(timer);
  }, [isOn, isPlaying]);

  const toggle = useCallback(() => {
    setIsPlaying(false);
    setIsAfter((current) => !current);
  }, []);

  // Space anywhere on the page, except in another control; the selected mode tab counts
  // as the comparison itself, since pressing it again would do nothing.
  useEffect(() => {
    if (!isOn) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== " " || event.repeat || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target as Element;
      if (
        target.closest("input, textarea, select, a, button, [contenteditable]") &&
        !target.closest('[role="tab"][aria-selected="true"]')
      )
        return;
      event.preventDefault();
      toggle();
    };
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [isOn, toggle]);

  return { isAfter, isPlaying, setIsPlaying, toggle };
}
