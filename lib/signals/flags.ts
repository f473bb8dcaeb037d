import { EDIT_TYPES } from "../taxonomy/taxonomy";
import type { SignalFlag } from "../schemas/edit-filter";
import type { ChangeSignals } from "./compare";

// The flags an edit's change signals raise, by what its edit type is meant to change. The
// thresholds, in one place:
//   no-op       the output barely differs from the source: under NO_OP_CHANGED of the pixels
//               changed and a mean difference under NO_OP_MEAN;
//   over-edit   a local edit type (an object, text, a detail of a person) that changed more
//               than OVER_EDIT_CHANGED of the picture;
//   size        the output's aspect ratio differs from the source's by more than
//               SIZE_ASPECT (a crop, a pad or a stretch; a plain rescale keeps it), for
//               every type but those meant to change the frame (outpainting, zoom).
// Tuned on the demo's 20,000 edits (docs/signals.md): a JPEG re-encode of a picture, at any
// quality from 95 to 40, rescaled or not, changes no pixel by 24 levels and moves the mean by
// under 0.005, while the demo's smallest real edits (a facial expression, a 3D-cartoon face,
// a small object recoloured) change 0.06% to 0.5% of the working pixels. At 0.5% the no-op
// flag took 1,273 of 7,534 local edits (82 of 126 3D-cartoon faces); at 0.05% it takes 342,
// 173 of them attribute changes the demo drew with no pixel changed at all. An over-edit
// changed "most of the picture": more than half. That takes 408 of the demo's local edits,
// 345 of them its washed-out failures (rejected preference outputs) and 63 multi-turn turns,
// 13 of which the judge passed.
export const NO_OP_CHANGED = 0.0005;
export const NO_OP_MEAN = 0.01;
export const OVER_EDIT_CHANGED = 0.5;
export const SIZE_ASPECT = 0.02;

export type Scope = "local" | "global" | "frame";

// Types that change the whole picture, by design; and those that change its frame.
const GLOBAL = new Set([
  "Change overall color tone (warm ↔ cool)",
  "Add film grain or vintage filter",
  "Add new scene context/background",
  "Apply seasonal transformation (summer ↔ winter)",
  "Change weather conditions (sunny/rainy/snowy)",
  "Adjust global lighting (golden hour/fluorescent)",
  "Strong artistic style transfer (e.g., Van Gogh/anime/etc.)",
  "Photo to cartoon/sketch/comic",
  "Modern ↔ historical style/look",
  "Convert person to 2D anime/manga style (identity-preserving)",
  "Convert person to Pixar/Disney-like 3D cartoon look",
  "Convert person to Western comic cel-shaded style",
  "Line-art ink sketch of the person",
  "Sticker-ify the person with bold outline and white border",
  "Caricature with mild feature exaggeration (keep identity)",
  "Funko-Pop–style toy figure of the person",
  "LEGO-minifigure rendition of the person",
  "Simpsonize the person (yellow-skin cartoon style)",
]);
const FRAME = new Set(["Zoom in", "Outpainting (extend canvas beyond boundaries)"]);

for (const name of [...GLOBAL, ...FRAME])
  if (!EDIT_TYPES.some((type) => type.name === name)) throw new Error(`flags.ts names an unknown edit type: ${name}`);

// An edit type's scope; multi-turn turns have no type and count as global (a turn may do
// anything).
export function scopeOf(editType: string | null): Scope {
  if (editType === null) return "global";
  if (FRAME.has(editType)) return "frame";
  return GLOBAL.has(editType) ? "global" : "local";
}

export type Flags = { noOp: boolean; overEdit: boolean; sizeChanged: boolean };

// The bit of each flag in Edit.signalFlags (set by the triggers of migration
// edit_signal_flags from EditSignal's columns; null there: not measured).
export const FLAG_BITS = { "no-op": 1, "over-edit": 2, size: 4, unavailable: 8 } as const satisfies Record<
  Exclude<SignalFlag, "unmeasured">,
  number
>;

// The measures the flags read, of a fresh comparison or as stored.
export type FlagInputs = Pick<ChangeSignals, "changedFraction" | "meanAbsDiff" | "source" | "output">;

export function flagsOf(signals: FlagInputs, editType: string | null): Flags {
  const scope = scopeOf(editType);
  const aspect = (size: { width: number; height: number }) => size.width / size.height;
  return {
    noOp: signals.changedFraction < NO_OP_CHANGED && signals.meanAbsDiff < NO_OP_MEAN,
    overEdit: scope === "local" && signals.changedFraction > OVER_EDIT_CHANGED,
    sizeChanged: scope !== "frame" && Math.abs(Math.log(aspect(signals.output) / aspect(signals.source))) > SIZE_ASPECT,
  };
}
