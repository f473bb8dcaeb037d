import sharp from "sharp";

// How much and where an edit changed its source, from the pixels alone. A Pico edit's
// output often differs from its source in size and aspect ratio, so both are brought to
// one working size first: the source's aspect ratio with its long side WORKING_SIDE
// pixels, the output scaled to cover the same box (centred, its overhang cropped). Then, on
// luma:
//   meanAbsDiff      mean |difference|, 0 (identical) to 1
//   changedFraction  the share of pixels whose difference exceeds CHANGED_LEVEL
//   ssim             the structural similarity, averaged over 8x8 blocks (1: same structure)
//   grid             changedFraction in each cell of a GRID x GRID split, row by row
// and both images' own sizes.

export const WORKING_SIDE = 128;
export const GRID = 4;
// A difference of 24 levels out of 255: above JPEG noise and resampling, below any change a
// person would call an edit.
export const CHANGED_LEVEL = 24;
const BLOCK = 8;
// SSIM's stabilising constants for 8-bit data (Wang et al. 2004: K1 = 0.01, K2 = 0.03).
const C1 = (0.01 * 255) ** 2;
const C2 = (0.03 * 255) ** 2;

export type ImageSize = { width: number; height: number };
export type ChangeSignals = {
  meanAbsDiff: number;
  changedFraction: number;
  ssim: number;
  grid: number[];
  source: ImageSize;
  output: ImageSize;
};

export type ImageInput = Buffer | string;

async function sizeOf(input: ImageInput): Promise<ImageSize> {
  const { width, height, autoOrient } = await sharp(input).metadata();
  const oriented = autoOrient ?? { width, height };
  if (!oriented.width || !oriented.height) throw new Error("the image has no size");
  return { width: oriented.width, height: oriented.height };
}

async function luma(input: ImageInput, box: ImageSize): Promise<Uint8Array> {
  const { data } = await sharp(input)
    .autoOrient()
    .resize(box.width, box.height, { fit: "cover", position: "centre" })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return data;
}

export function workingBox(source: ImageSize): ImageSize {
  const scale = WORKING_SIDE / Math.max(source.width, source.height);
  return {
    width: Math.max(BLOCK, Math.round(source.width * scale)),
    height: Math.max(BLOCK, Math.round(source.height * scale)),
  };
}

export async function compareImages(sourceInput: ImageInput, outputInput: ImageInput): Promise<ChangeSignals> {
  const [source, output] = await Promise.all([sizeOf(sourceInput), sizeOf(outputInput)]);
  const box = workingBox(source);
  const [a, b] = await Promise.all([luma(sourceInput, box), luma(outputInput, box)]);
  return { ...changeBetween(a, b, box), source, output };
}

// The measures of two luma planes of the same box.
export function changeBetween(a: Uint8Array, b: Uint8Array, box: ImageSize): Omit<ChangeSignals, "source" | "output"> {
  const { width, height } = box;
  const pixels = width * height;
  const cellChanged = new Array<number>(GRID * GRID).fill(0);
  const cellPixels = new Array<number>(GRID * GRID).fill(0);
  let absolute = 0;
  let changed = 0;
  for (let y = 0; y < height; y++) {
    const row = Math.min(GRID - 1, Math.floor((y * GRID) / height)) * GRID;
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const difference = Math.abs((a[i] as number) - (b[i] as number));
      absolute += difference;
      const cell = row + Math.min(GRID - 1, Math.floor((x * GRID) / width));
      cellPixels[cell] = (cellPixels[cell] as number) + 1;
      if (difference > CHANGED_LEVEL) {
        changed += 1;
        cellChanged[cell] = (cellChanged[cell] as number) + 1;
      }
    }
  }
  return {
    meanAbsDiff: absolute / pixels / 255,
    changedFraction: changed / pixels,
    ssim: blockSsim(a, b, box),
    grid: cellChanged.map((count, cell) => count / Math.max(1, cellPixels[cell] as number)),
  };
}

// Mean SSIM over the whole 8x8 blocks of the box.
function blockSsim(a: Uint8Array, b: Uint8Array, { width, height }: ImageSize): number {
  let total = 0;
  let blocks = 0;
  const n = BLOCK * BLOCK;
  for (let top = 0; top + BLOCK <= height; top += BLOCK)
    for (let left = 0; left + BLOCK <= width; left += BLOCK) {
      let sumA = 0;
      let sumB = 0;
      let sumAA = 0;
      let sumBB = 0;
      let sumAB = 0;
      for (let y = top; y < top + BLOCK; y++)
        for (let x = left; x < left + BLOCK; x++) {
          const i = y * width + x;
          const va = a[i] as number;
          const vb = b[i] as number;
          sumA += va;
          sumB += vb;
          sumAA += va * va;
          sumBB += vb * vb;
          sumAB += va * vb;
        }
      const meanA = sumA / n;
      const meanB = sumB / n;
      const varA = sumAA / n - meanA * meanA;
      const varB = sumBB / n - meanB * meanB;
      const cov = sumAB / n - meanA * meanB;
      total += ((2 * meanA * meanB + C1) * (2 * cov + C2)) / ((meanA ** 2 + meanB ** 2 + C1) * (varA + varB + C2));
      blocks += 1;
    }
  return blocks === 0 ? 1 : total / blocks;
}
