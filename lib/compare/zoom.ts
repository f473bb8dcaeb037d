// The zoom and pan shared by every image of a comparison. x and y place the zoomed
// image's top-left corner relative to its frame, as fractions of the frame's width and
// height, so the same view fits frames of any size. They stay within [1 - scale, 0]:
// the image always covers its frame.
export type View = { scale: number; x: number; y: number };

export const MIN_ZOOM = 1;
export const MAX_ZOOM = 8;
export const UNZOOMED: View = { scale: 1, x: 0, y: 0 };

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function fit(scale: number, x: number, y: number): View {
  const s = clamp(scale, MIN_ZOOM, MAX_ZOOM);
  // + 0 turns -0 into 0, so an unzoomed view always equals UNZOOMED.
  return { scale: s, x: clamp(x, 1 - s, 0) + 0, y: clamp(y, 1 - s, 0) + 0 };
}

// Zooms by factor around a point of the frame (fractions, the centre by default), which
// keeps showing the same spot of the image.
export function zoomAt(view: View, factor: number, pointX = 0.5, pointY = 0.5): View {
  const scale = clamp(view.scale * factor, MIN_ZOOM, MAX_ZOOM);
  const ratio = scale / view.scale;
  return fit(scale, pointX - (pointX - view.x) * ratio, pointY - (pointY - view.y) * ratio);
}

// Moves the image by a fraction of the frame, as far as it still covers the frame.
export function panBy(view: View, dx: number, dy: number): View {
  return fit(view.scale, view.x + dx, view.y + dy);
}

// The CSS transform of an image layer the size of its frame, with origin top left.
export function transformOf(view: View): string {
  return `translate(${+(view.x * 100).toFixed(4)}%, ${+(view.y * 100).toFixed(4)}%) scale(${+view.scale.toFixed(4)})`;
}
