import sharp from "sharp";

// A 320x240 scene for the signal tests: a gradient sky, a ground band and a few shapes, so
// that structure (edges, texture) exists for SSIM to see; `extra` is SVG drawn on top.
export function scene(extra = ""): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#5a8fd8"/><stop offset="1" stop-color="#dfe9f5"/></linearGradient></defs>
    <rect width="320" height="240" fill="url(#sky)"/>
    <rect y="160" width="320" height="80" fill="#4d7a3a"/>
    <circle cx="70" cy="60" r="28" fill="#f3d34a"/>
    <rect x="180" y="100" width="90" height="70" fill="#8a4b2f"/>
    <polygon points="170,100 225,60 280,100" fill="#6b2020"/>
    ${extra}</svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

// The scene with a dark object added in its bottom-left quarter: a local edit.
export const LOCAL_EDIT = `<rect x="10" y="170" width="60" height="50" fill="#111"/>`;

// The scene restyled: every colour inverted.
export const restyled = async (): Promise<Buffer> =>
  sharp(await scene())
    .negate({ alpha: false })
    .png()
    .toBuffer();
