import sharp, { type Sharp } from "sharp";

import { HEIGHT, renderSvg, WIDTH, type Filter, type Scene } from "./scene";

// Rasterizes a scene with sharp and applies its pixel filters in order.

type Raw = { data: Buffer; width: number; height: number };

async function toRaw(image: Sharp): Promise<Raw> {
  const { data, info } = await image.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

const fromRaw = (raw: Raw) => sharp(raw.data, { raw: { width: raw.width, height: raw.height, channels: 3 } });

function posterize(raw: Raw, levels: number): Raw {
  const step = 255 / (levels - 1);
  const data = Buffer.from(raw.data);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(Math.round((data[i] as number) / step) * step);
  return { ...raw, data };
}

// Dark outlines where neighbouring pixels differ: what turns a render into a drawing.
function edgeMask(raw: Raw, threshold: number): Uint8Array {
  const { width, height, data } = raw;
  const mask = new Uint8Array(width * height);
  for (let y = 1; y < height - 1; y++)
    for (let x = 1; x < width - 1; x++) {
      const i = (y * width + x) * 3;
      let diff = 0;
      for (let c = 0; c < 3; c++)
        diff +=
          Math.abs((data[i + c] as number) - (data[i + 3 + c] as number)) +
          Math.abs((data[i + c] as number) - (data[i + width * 3 + c] as number));
      if (diff > threshold) mask[y * width + x] = 1;
    }
  return mask;
}

function inkEdges(raw: Raw, mask: Uint8Array, paper: boolean): Raw {
  const data = Buffer.from(raw.data);
  for (let p = 0; p < mask.length; p++) {
    const i = p * 3;
    if (mask[p]) data[i] = data[i + 1] = data[i + 2] = 20;
    else if (paper) data[i] = data[i + 1] = data[i + 2] = 250;
  }
  return { ...raw, data };
}

async function noise(sigma: number): Promise<Buffer> {
  return sharp({
    create: {
      width: WIDTH,
      height: HEIGHT,
      channels: 3,
      background: "#808080",
      noise: { type: "gaussian", mean: 128, sigma },
    },
  })
    .png()
    .toBuffer();
}

const SEPIA: [[number, number, number], [number, number, number], [number, number, number]] = [
  [0.393, 0.769, 0.189],
  [0.349, 0.686, 0.168],
  [0.272, 0.534, 0.131],
];

async function applyFilter(image: Sharp, filter: Filter): Promise<Sharp> {
  switch (filter.kind) {
    case "tone":
      return image.recomb(
        filter.warm
          ? [
              [1.12, 0.05, 0],
              [0.02, 1.0, 0],
              [0, 0, 0.78],
            ]
          : [
              [0.8, 0, 0],
              [0, 0.98, 0.05],
              [0, 0.06, 1.18],
            ],
      );
    case "grain": {
      const toned = await image.recomb(SEPIA).modulate({ saturation: 0.8 }).png().toBuffer();
      return sharp(toned).composite([{ input: await noise(38), blend: "overlay" }]);
    }
    case "lighting":
      return filter.mode === "golden"
        ? image.modulate({ brightness: 1.05, saturation: 1.25 }).recomb([
            [1.15, 0.1, 0],
            [0.05, 0.95, 0],
            [0, 0, 0.65],
          ])
        : image.modulate({ brightness: 1.12, saturation: 0.7 }).recomb([
            [0.92, 0.04, 0],
            [0.02, 1.05, 0.04],
            [0, 0.05, 0.98],
          ]);
    case "painting": {
      const raw = await toRaw(image.median(7).modulate({ saturation: 1.6 }));
      return fromRaw(posterize(raw, 5)).blur(0.8);
    }
    case "sketch": {
      const raw = await toRaw(image);
      return fromRaw(inkEdges(raw, edgeMask(raw, 60), true)).greyscale();
    }
    case "comic": {
      const raw = posterize(await toRaw(image.modulate({ saturation: 1.4 })), 4);
      return fromRaw(inkEdges(raw, edgeMask(raw, 90), false));
    }
    case "historical": {
      const toned = await image.greyscale().recomb(SEPIA).modulate({ brightness: 0.95 }).png().toBuffer();
      const vignette = Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><defs><radialGradient id="v" r="0.75"><stop offset="0.55" stop-color="#000" stop-opacity="0"/><stop offset="1" stop-color="#000" stop-opacity="0.75"/></radialGradient></defs><rect width="100%" height="100%" fill="url(#v)"/></svg>`,
      );
      return sharp(toned).composite([{ input: await noise(22), blend: "overlay" }, { input: vignette }]);
    }
    case "glitch": {
      const flat = await image.png().toBuffer();
      const band = await sharp(flat)
        .extract({ left: 0, top: filter.y, width: WIDTH, height: filter.height })
        .modulate({ hue: 140, saturation: 2 })
        .toBuffer();
      return sharp(flat).composite([{ input: band, left: filter.shift, top: filter.y }]);
    }
    case "smudge": {
      const blob = Buffer.from(
        `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}"><defs><filter id="b"><feGaussianBlur stdDeviation="9"/></filter></defs><ellipse cx="${filter.x}" cy="${filter.y}" rx="${filter.radius}" ry="${filter.radius * 0.7}" fill="#7f7466" filter="url(#b)" opacity="0.92"/></svg>`,
      );
      return sharp(await image.png().toBuffer()).composite([{ input: blob }]);
    }
    case "washout":
      return image.modulate({ brightness: 1.35, saturation: 0.35 }).blur(2.5);
  }
}

export async function renderScene(scene: Scene): Promise<Buffer> {
  let image = sharp(Buffer.from(renderSvg(scene)));
  for (const filter of scene.filters) {
    // Each filter starts from the pixels the previous one produced.
    image = await applyFilter(sharp(await image.png({ compressionLevel: 0 }).toBuffer()), filter);
  }
  return image.jpeg({ quality: 84, mozjpeg: false }).toBuffer();
}
