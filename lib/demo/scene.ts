// The demo's scenes: a small description of a picture (sky, backdrop, objects, signs, a
// person) that edits change and that renders to SVG. Pixel effects (tone, grain, styles)
// are kept as a list of filters that lib/demo/render.ts applies after rasterizing.

export const WIDTH = 512;
export const HEIGHT = 384;
const HORIZON = 250;

export const COLORS = {
  red: "#d7263d",
  orange: "#f46036",
  yellow: "#f6c945",
  green: "#3f9d4a",
  blue: "#2e5eaa",
  purple: "#7b3fa0",
  pink: "#ee7fb2",
  white: "#f4f4f0",
  black: "#222222",
  brown: "#8a5a36",
} as const;
export type ColorName = keyof typeof COLORS;
export const COLOR_NAMES = Object.keys(COLORS) as ColorName[];

export const OBJECT_KINDS = ["ball", "box", "cone", "star", "tree", "house", "car", "flower", "kite"] as const;
export type ObjectKind = (typeof OBJECT_KINDS)[number];

export type SceneObject = {
  id: number;
  kind: ObjectKind;
  color: ColorName;
  x: number;
  y: number;
  size: number;
  rotation: number;
};
export type Font = "sans" | "serif" | "mono" | "cursive";
export type Sign = {
  text: string;
  color: ColorName;
  font: Font;
  x: number;
  y: number;
  width: number;
  board: ColorName;
  handwritten?: boolean;
};
export type PersonStyle =
  "photo" | "anime" | "3d" | "comic" | "lineart" | "sticker" | "caricature" | "funko" | "lego" | "simpsons";
export type Person = {
  x: number;
  y: number;
  size: number;
  shirt: ColorName;
  hair: ColorName;
  expression: "smile" | "neutral" | "frown";
  pose: "relaxed" | "wave";
  accessory: "none" | "hat" | "glasses" | "mask" | "necklace";
  old: boolean;
  style: PersonStyle;
};
export type Backdrop = "plain" | "mountains" | "city" | "sea" | "forest";
export type Weather = "sunny" | "cloudy" | "rainy" | "snowy";

export type Filter =
  | { kind: "tone"; warm: boolean }
  | { kind: "grain" }
  | { kind: "lighting"; mode: "golden" | "fluorescent" }
  | { kind: "painting" }
  | { kind: "sketch" }
  | { kind: "comic" }
  | { kind: "historical" }
  // Flaws of failed attempts.
  | { kind: "glitch"; y: number; height: number; shift: number }
  | { kind: "smudge"; x: number; y: number; radius: number }
  | { kind: "washout" };

export type Scene = {
  sky: [string, string];
  ground: string;
  backdrop: Backdrop;
  winter: boolean;
  weather: Weather;
  objects: SceneObject[];
  signs: Sign[];
  person: Person | null;
  // 1 shows the whole scene; above 1 the view is cropped around the centre.
  zoom: number;
  filters: Filter[];
};

export const clone = (scene: Scene): Scene => structuredClone(scene);

export function where(x: number): string {
  if (x < WIDTH * 0.36) return "on the left";
  if (x > WIDTH * 0.64) return "on the right";
  return "in the middle";
}

const esc = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function objectSvg(o: SceneObject, outline: string): string {
  const c = COLORS[o.color];
  const s = o.size;
  const stroke = `stroke="${outline}" stroke-width="2"`;
  let body: string;
  switch (o.kind) {
    case "ball":
      body = `<circle r="${s / 2}" fill="${c}" ${stroke}/><circle cx="${-s / 6}" cy="${-s / 6}" r="${s / 8}" fill="#ffffff" opacity="0.45"/>`;
      break;
    case "box":
      body = `<rect x="${-s / 2}" y="${-s / 2}" width="${s}" height="${s}" fill="${c}" ${stroke}/><line x1="${-s / 2}" y1="0" x2="${s / 2}" y2="0" stroke="#00000055" stroke-width="3"/>`;
      break;
    case "cone":
      body = `<polygon points="0,${-s / 2} ${s / 2},${s / 2} ${-s / 2},${s / 2}" fill="${c}" ${stroke}/>`;
      break;
    case "star": {
      const pts = Array.from({ length: 10 }, (_, i) => {
        const r = i % 2 === 0 ? s / 2 : s / 4.5;
        const a = (Math.PI / 5) * i - Math.PI / 2;
        return `${(r * Math.cos(a)).toFixed(1)},${(r * Math.sin(a)).toFixed(1)}`;
      });
      body = `<polygon points="${pts.join(" ")}" fill="${c}" ${stroke}/>`;
      break;
    }
    case "tree":
      body = `<rect x="${-s / 12}" y="0" width="${s / 6}" height="${s / 2}" fill="#6b4226"/><circle cy="${-s / 6}" r="${s / 2.6}" fill="${c}" ${stroke}/>`;
      break;
    case "house":
      body = `<rect x="${-s / 2}" y="${-s / 6}" width="${s}" height="${(s * 2) / 3}" fill="${c}" ${stroke}/><polygon points="${-s / 1.7},${-s / 6} 0,${-s / 1.6} ${s / 1.7},${-s / 6}" fill="#7a2e2e" ${stroke}/><rect x="${-s / 10}" y="${s / 6}" width="${s / 5}" height="${s / 3}" fill="#3b2a1a"/>`;
      break;
    case "car":
      body = `<rect x="${-s / 2}" y="${-s / 6}" width="${s}" height="${s / 3}" rx="6" fill="${c}" ${stroke}/><rect x="${-s / 4}" y="${-s / 2.6}" width="${s / 2}" height="${s / 4}" rx="5" fill="${c}" ${stroke}/><circle cx="${-s / 3}" cy="${s / 6}" r="${s / 9}" fill="#222"/><circle cx="${s / 3}" cy="${s / 6}" r="${s / 9}" fill="#222"/>`;
      break;
    case "flower":
      body = `<line x1="0" y1="0" x2="0" y2="${s / 1.6}" stroke="#2f7a3a" stroke-width="4"/>${[0, 72, 144, 216, 288]
        .map(
          (a) =>
            `<circle cx="${((s / 4) * Math.cos((a * Math.PI) / 180)).toFixed(1)}" cy="${((s / 4) * Math.sin((a * Math.PI) / 180)).toFixed(1)}" r="${s / 6}" fill="${c}"/>`,
        )
        .join("")}<circle r="${s / 8}" fill="#f6c945"/>`;
      break;
    case "kite":
      body = `<polygon points="0,${-s / 2} ${s / 3},0 0,${s / 2} ${-s / 3},0" fill="${c}" ${stroke}/><path d="M0,${s / 2} q10,20 -5,40 q-10,20 5,40" stroke="#333" fill="none" stroke-width="2"/>`;
      break;
  }
  return `<g transform="translate(${o.x.toFixed(1)},${o.y.toFixed(1)}) rotate(${o.rotation})">${body}</g>`;
}

const FONT_FAMILY: Record<Font, string> = {
  sans: "DejaVu Sans, Arial, sans-serif",
  serif: "DejaVu Serif, Georgia, serif",
  mono: "DejaVu Sans Mono, monospace",
  cursive: "URW Chancery L, Comic Sans MS, cursive",
};

function signSvg(sign: Sign): string {
  const height = sign.width * 0.42;
  const fontSize = Math.min(height * 0.55, (sign.width * 1.6) / Math.max(sign.text.length, 3));
  const italic = sign.handwritten ? ` font-style="italic"` : "";
  return `<g transform="translate(${sign.x},${sign.y})"><rect x="-4" y="0" width="8" height="${HORIZON + 30 - sign.y}" fill="#5b4636"/><rect x="${-sign.width / 2}" y="${-height}" width="${sign.width}" height="${height}" rx="4" fill="${COLORS[sign.board]}" stroke="#333" stroke-width="3"/><text x="0" y="${-height / 2}" font-family="${FONT_FAMILY[sign.font]}" font-weight="bold"${italic} font-size="${fontSize.toFixed(1)}" fill="${COLORS[sign.color]}" text-anchor="middle" dominant-baseline="central">${esc(sign.text)}</text></g>`;
}

const SKIN: Record<PersonStyle, string> = {
  photo: "#e0ac69",
  anime: "#ffe0c8",
  "3d": "url(#skin3d)",
  comic: "#f1c27d",
  lineart: "#ffffff",
  sticker: "#e0ac69",
  caricature: "#e0ac69",
  funko: "#f1c27d",
  lego: "#f5cd2f",
  simpsons: "#ffd90f",
};

function personSvg(p: Person): string {
  const s = p.size;
  const style = p.style;
  const ink = style === "lineart" ? "#111" : style === "photo" || style === "3d" ? "#00000044" : "#111";
  const inkWidth = style === "comic" || style === "sticker" || style === "lineart" ? 4 : 2;
  const fill = (color: string) => (style === "lineart" ? "#ffffff" : color);
  const headScale = style === "caricature" ? 1.45 : style === "funko" ? 1.9 : style === "anime" ? 1.15 : 1;
  const headR = (s / 7) * headScale;
  const headY = -s * 0.78 - (headR - s / 7);
  const skin = fill(SKIN[style]);
  const hair = fill(p.old ? "#c8c8c8" : COLORS[p.hair]);
  const shirt = fill(COLORS[p.shirt]);
  const stroke = `stroke="${ink}" stroke-width="${inkWidth}"`;
  const parts: string[] = [];
  // body and legs
  const torso =
    style === "lego"
      ? `<rect x="${-s / 6}" y="${-s * 0.62}" width="${s / 3}" height="${s * 0.32}" fill="${shirt}" ${stroke}/>`
      : `<path d="M${-s / 6},${-s * 0.3} L${-s / 7},${-s * 0.62} Q0,${-s * 0.7} ${s / 7},${-s * 0.62} L${s / 6},${-s * 0.3} Z" fill="${shirt}" ${stroke}/>`;
  parts.push(
    `<rect x="${-s / 7}" y="${-s * 0.3}" width="${s / 8}" height="${s * 0.3}" fill="${fill("#34495e")}" ${stroke}/><rect x="${s / 56}" y="${-s * 0.3}" width="${s / 8}" height="${s * 0.3}" fill="${fill("#34495e")}" ${stroke}/>`,
  );
  parts.push(torso);
  // arms: the right arm waves in the "wave" pose
  const armRight =
    p.pose === "wave"
      ? `M${s / 7},${-s * 0.6} L${s / 3.2},${-s * 0.82}`
      : `M${s / 7},${-s * 0.6} L${s / 4.5},${-s * 0.36}`;
  parts.push(
    `<path d="M${-s / 7},${-s * 0.6} L${-s / 4.5},${-s * 0.36}" stroke="${shirt === "#ffffff" ? "#111" : shirt}" stroke-width="${s / 16}" stroke-linecap="round"/>`,
  );
  parts.push(
    `<path d="${armRight}" stroke="${shirt === "#ffffff" ? "#111" : shirt}" stroke-width="${s / 16}" stroke-linecap="round"/>`,
  );
  if (p.accessory === "necklace")
    parts.push(
      `<path d="M${-s / 14},${-s * 0.66} Q0,${-s * 0.56} ${s / 14},${-s * 0.66}" stroke="#f6c945" stroke-width="4" fill="none"/>`,
    );
  // head
  const head =
    style === "lego"
      ? `<rect x="${-headR}" y="${headY - headR}" width="${headR * 2}" height="${headR * 2}" rx="${headR / 3}" fill="${skin}" ${stroke}/>`
      : style === "funko"
        ? `<rect x="${-headR * 1.1}" y="${headY - headR}" width="${headR * 2.2}" height="${headR * 1.9}" rx="${headR / 2}" fill="${skin}" ${stroke}/>`
        : `<circle cy="${headY}" r="${headR}" fill="${skin}" ${stroke}/>`;
  parts.push(head);
  if (style !== "lego")
    parts.push(
      `<path d="M${-headR},${headY - headR * 0.1} Q0,${headY - headR * 1.6} ${headR},${headY - headR * 0.1} Q0,${headY - headR * 0.7} ${-headR},${headY - headR * 0.1} Z" fill="${hair}" ${stroke}/>`,
    );
  // eyes
  const bigEyes = style === "anime" || style === "simpsons";
  const eyeR = bigEyes ? headR / 3.2 : style === "funko" ? headR / 5 : headR / 9;
  for (const side of [-1, 1]) {
    const ex = side * headR * 0.38;
    const ey = headY + headR * 0.05;
    if (bigEyes)
      parts.push(
        `<circle cx="${ex}" cy="${ey}" r="${eyeR}" fill="#ffffff" stroke="#111" stroke-width="2"/><circle cx="${ex}" cy="${ey}" r="${eyeR / 2.5}" fill="#111"/>`,
      );
    else parts.push(`<circle cx="${ex}" cy="${ey}" r="${eyeR}" fill="#111"/>`);
  }
  // mouth
  const my = headY + headR * 0.5;
  const curve = p.expression === "smile" ? headR * 0.35 : p.expression === "frown" ? -headR * 0.3 : 0;
  parts.push(
    `<path d="M${-headR * 0.35},${my} Q0,${my + curve} ${headR * 0.35},${my}" stroke="#111" stroke-width="3" fill="none"/>`,
  );
  if (p.old)
    parts.push(
      `<path d="M${-headR * 0.5},${headY - headR * 0.35} l${headR * 0.25},0 M${headR * 0.25},${headY - headR * 0.35} l${headR * 0.25},0" stroke="#555" stroke-width="2"/>`,
    );
  if (p.accessory === "hat")
    parts.push(
      `<rect x="${-headR * 1.3}" y="${headY - headR * 0.95}" width="${headR * 2.6}" height="${headR * 0.22}" fill="#222"/><rect x="${-headR * 0.8}" y="${headY - headR * 1.75}" width="${headR * 1.6}" height="${headR * 0.85}" fill="#222"/>`,
    );
  if (p.accessory === "glasses")
    parts.push(
      `<g stroke="#111" stroke-width="3" fill="#88ccff55"><circle cx="${-headR * 0.38}" cy="${headY}" r="${headR * 0.28}"/><circle cx="${headR * 0.38}" cy="${headY}" r="${headR * 0.28}"/><line x1="${-headR * 0.1}" y1="${headY}" x2="${headR * 0.1}" y2="${headY}"/></g>`,
    );
  if (p.accessory === "mask")
    parts.push(
      `<rect x="${-headR * 0.7}" y="${headY + headR * 0.2}" width="${headR * 1.4}" height="${headR * 0.6}" rx="6" fill="#a8d8ea" stroke="#555" stroke-width="2"/>`,
    );
  const figure = `<g>${parts.join("")}</g>`;
  let defs = "";
  if (style === "3d")
    defs = `<defs><radialGradient id="skin3d" cx="35%" cy="30%" r="70%"><stop offset="0" stop-color="#ffe3c4"/><stop offset="1" stop-color="#c98b55"/></radialGradient></defs>`;
  // A sticker: the figure behind a thick white border and a thin dark one.
  const sticker =
    style === "sticker"
      ? `<g stroke="#222" stroke-width="22" stroke-linejoin="round" fill="#222">${parts.join("")}</g><g stroke="#ffffff" stroke-width="16" stroke-linejoin="round" fill="#ffffff">${parts.join("")}</g>`
      : "";
  return `${defs}<g transform="translate(${p.x},${p.y})">${sticker}${figure}</g>`;
}

function backdropSvg(scene: Scene): string {
  const snowy = scene.winter;
  switch (scene.backdrop) {
    case "mountains":
      return `<polygon points="-300,${HORIZON} 60,90 260,${HORIZON}" fill="#6c7a89"/><polygon points="160,${HORIZON} 380,110 820,${HORIZON}" fill="#5d6d7e"/><polygon points="24,130 60,90 96,130" fill="#ffffff"/><polygon points="345,140 380,110 415,140" fill="#ffffff"/>`;
    case "city":
      return Array.from({ length: 12 }, (_, i) => {
        const x = -200 + i * 80;
        const h = 60 + ((i * 37) % 90);
        const windows = Array.from(
          { length: Math.floor(h / 25) },
          (_, j) =>
            `<rect x="${x + 12}" y="${HORIZON - h + 10 + j * 25}" width="14" height="10" fill="#f6e58d"/><rect x="${x + 40}" y="${HORIZON - h + 10 + j * 25}" width="14" height="10" fill="#f6e58d"/>`,
        ).join("");
        return `<rect x="${x}" y="${HORIZON - h}" width="66" height="${h}" fill="${snowy ? "#8395a7" : "#576574"}"/>${windows}`;
      }).join("");
    case "sea":
      return `<rect x="-600" y="${HORIZON - 45}" width="1700" height="45" fill="#1e6fa8"/><path d="M-600,${HORIZON - 30} q20,-8 40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0 t40,0" stroke="#d6eaf8" fill="none" stroke-width="2"/>`;
    case "forest":
      return Array.from({ length: 18 }, (_, i) => {
        const x = -250 + i * 58;
        return `<polygon points="${x},${HORIZON} ${x + 28},${HORIZON - 95 - (i % 3) * 15} ${x + 56},${HORIZON}" fill="${snowy ? "#dfe6e9" : "#1e5631"}"/>`;
      }).join("");
    case "plain":
      return "";
  }
}

function weatherSvg(scene: Scene): string {
  const out: string[] = [];
  if (scene.weather === "sunny")
    out.push(
      `<circle cx="430" cy="60" r="32" fill="#ffd54f"/><circle cx="430" cy="60" r="44" fill="#ffd54f" opacity="0.3"/>`,
    );
  if (scene.weather !== "sunny")
    for (const [x, y] of [
      [90, 55],
      [260, 40],
      [420, 70],
      [-80, 60],
      [600, 45],
    ] as const)
      out.push(
        `<g fill="${scene.weather === "cloudy" ? "#ecf0f1" : "#95a5a6"}"><circle cx="${x}" cy="${y}" r="26"/><circle cx="${x + 28}" cy="${y - 10}" r="30"/><circle cx="${x + 58}" cy="${y}" r="24"/></g>`,
      );
  return out.join("");
}

function precipitationSvg(scene: Scene): string {
  const snow = scene.weather === "snowy" || scene.winter;
  if (scene.weather !== "rainy" && !snow) return "";
  const marks: string[] = [];
  for (let i = 0; i < 160; i++) {
    // a fixed lattice with jitter: precipitation must not depend on a random stream
    const x = -256 + ((i * 97) % 1024);
    const y = (i * 53) % HEIGHT;
    if (scene.weather === "rainy")
      marks.push(
        `<line x1="${x}" y1="${y}" x2="${x - 6}" y2="${y + 18}" stroke="#c8d6e5" stroke-width="2" opacity="0.8"/>`,
      );
    else marks.push(`<circle cx="${x}" cy="${y}" r="${2 + (i % 3)}" fill="#ffffff" opacity="0.9"/>`);
  }
  return marks.join("");
}

export function renderSvg(scene: Scene): string {
  const viewW = WIDTH / scene.zoom;
  const viewH = HEIGHT / scene.zoom;
  const viewX = (WIDTH - viewW) / 2;
  const viewY = (HEIGHT - viewH) / 2;
  const ground = scene.winter ? "#f2f4f5" : scene.ground;
  const outline = "#00000055";
  const sky =
    scene.weather === "rainy" ? ["#7f8c8d", "#bdc3c7"] : scene.weather === "snowy" ? ["#b0bec5", "#eceff1"] : scene.sky;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="${viewX.toFixed(2)} ${viewY.toFixed(2)} ${viewW.toFixed(2)} ${viewH.toFixed(2)}">`,
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient></defs>`,
    `<rect x="-1000" y="-1000" width="2600" height="${1000 + HORIZON}" fill="url(#sky)"/>`,
    weatherSvg(scene),
    backdropSvg(scene),
    `<rect x="-1000" y="${HORIZON}" width="2600" height="1000" fill="${ground}"/>`,
    ...scene.objects.map((o) => objectSvg(scene.winter && o.kind === "tree" ? { ...o, color: "white" } : o, outline)),
    ...scene.signs.map(signSvg),
    scene.person ? personSvg(scene.person) : "",
    precipitationSvg(scene),
    `</svg>`,
  ].join("");
}
