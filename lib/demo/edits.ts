import type { Random } from "./random";
import {
  clone,
  COLOR_NAMES,
  OBJECT_KINDS,
  where,
  type ColorName,
  type Font,
  type PersonStyle,
  type Scene,
  type SceneObject,
} from "./scene";

// How the demo performs each of the 35 edit types on a scene, with the long (training)
// and short (user-style) instruction that asks for it.

export type Need = "objects" | "sign" | "person" | "any" | "zoomed";
export type Performed = { scene: Scene; long: string; short: string };
export type Recipe = { needs: Need; perform: (source: Scene, random: Random) => Performed };

const KEEP = "Keep everything else in the picture exactly as it is.";

const otherColor = (random: Random, not: ColorName) =>
  random.pick(COLOR_NAMES.filter((c) => c !== not && c !== "white"));
const label = (o: SceneObject) => `${o.color} ${o.kind}`;

function withTarget(
  source: Scene,
  random: Random,
  change: (target: SceneObject, scene: Scene) => { long: string; short: string },
): Performed {
  const scene = clone(source);
  const target = random.pick(scene.objects);
  return { scene, ...change(target, scene) };
}

function filterEdit(kind: Scene["filters"][number], long: string, short: string): Recipe["perform"] {
  return (source) => {
    const scene = clone(source);
    scene.filters.push(kind);
    return { scene, long, short };
  };
}

function personStyle(style: PersonStyle, long: string, short: string): Recipe {
  return {
    needs: "person",
    perform: (source) => {
      const scene = clone(source);
      if (scene.person) scene.person.style = style;
      return {
        scene,
        long: `${long} The person must stay recognisable: same pose, clothing colours and place in the scene. ${KEEP}`,
        short,
      };
    },
  };
}

const TRANSLATIONS: Record<string, [string, string]> = {
  OPEN: ["ABIERTO", "Spanish"],
  SALE: ["SOLDES", "French"],
  BAKERY: ["BÄCKEREI", "German"],
  EXIT: ["USCITA", "Italian"],
  WELCOME: ["BIENVENUE", "French"],
  HOTEL: ["HOTELL", "Swedish"],
  PARK: ["PARQUE", "Portuguese"],
  MARKET: ["MERCADO", "Spanish"],
};
export const SIGN_WORDS = Object.keys(TRANSLATIONS);
const FONTS: Font[] = ["sans", "serif", "mono", "cursive"];

export const RECIPES: Record<string, Recipe> = {
  "Change overall color tone (warm ↔ cool)": {
    needs: "any",
    perform: (source, random) => {
      const warm = random.chance(0.5);
      return filterEdit(
        { kind: "tone", warm },
        `Shift the overall colour tone of the photo towards ${warm ? "warm oranges and reds, like late afternoon light" : "cool blues and teals, like an overcast morning"}, without changing any object, its position or the composition.`,
        `Make the photo look ${warm ? "warmer" : "cooler"}.`,
      )(source, random);
    },
  },
  "Add film grain or vintage filter": {
    needs: "any",
    perform: filterEdit(
      { kind: "grain" },
      "Give the image a vintage film look: faded sepia colours and visible film grain across the whole frame, as if shot on old 35mm stock. Do not move or change any object.",
      "Add a vintage film grain filter.",
    ),
  },
  "Add a new object to the scene": {
    needs: "any",
    perform: (source, random) => {
      const scene = clone(source);
      const kind = random.pick(OBJECT_KINDS.filter((k) => k !== "house"));
      const color = random.pick(COLOR_NAMES);
      // On the ground, a free spot; a kite flies wherever.
      const taken = [
        ...scene.objects.filter((o) => o.kind !== "kite").map((o) => o.x),
        ...scene.signs.map((sign) => sign.x),
        ...(scene.person ? [scene.person.x] : []),
      ];
      const free = [60, 125, 190, 256, 320, 385, 450].filter((spot) => taken.every((x) => Math.abs(x - spot) > 55));
      const x = kind === "kite" || free.length === 0 ? random.pick([110, 256, 400]) : random.pick(free);
      const y = kind === "kite" ? 110 : 300;
      scene.objects.push({ id: 100 + scene.objects.length, kind, color, x, y, size: 58, rotation: 0 });
      return {
        scene,
        long: `Add a ${color} ${kind} ${where(x)} of the scene${kind === "kite" ? ", flying in the sky" : ", standing on the ground"}, at a size that fits the perspective, with shading that matches the light. ${KEEP}`,
        short: `Add a ${color} ${kind}.`,
      };
    },
  },
  "Remove an existing object": {
    needs: "objects",
    perform: (source, random) =>
      withTarget(source, random, (target, scene) => {
        scene.objects = scene.objects.filter((o) => o.id !== target.id);
        return {
          long: `Remove the ${label(target)} ${where(target.x)} of the image and fill the area where it stood with the background, so that no trace of it remains. ${KEEP}`,
          short: `Remove the ${label(target)}.`,
        };
      }),
  },
  "Replace one object category with another": {
    needs: "objects",
    perform: (source, random) =>
      withTarget(source, random, (target) => {
        const before = label(target);
        target.kind = random.pick(OBJECT_KINDS.filter((k) => k !== target.kind && k !== "kite"));
        return {
          long: `Replace the ${before} ${where(target.x)} with a ${target.color} ${target.kind} of a similar size, in the same place and under the same lighting. ${KEEP}`,
          short: `Turn the ${before} into a ${target.kind}.`,
        };
      }),
  },
  "Change an object's attribute (e.g., color/material)": {
    needs: "objects",
    perform: (source, random) =>
      withTarget(source, random, (target) => {
        const before = label(target);
        target.color = otherColor(random, target.color);
        return {
          long: `Change the colour of the ${before} ${where(target.x)} to ${target.color}, keeping its shape, shading, size and position unchanged. ${KEEP}`,
          short: `Make the ${before} ${target.color}.`,
        };
      }),
  },
  "Relocate an object (change its position/spatial relation)": {
    needs: "objects",
    perform: (source, random) =>
      withTarget(source, random, (target) => {
        const from = where(target.x);
        target.x = target.x < 256 ? target.x + 230 : target.x - 230;
        return {
          long: `Move the ${label(target)} from ${from.replace("on the ", "the ").replace("in the ", "the ")} of the scene to ${where(target.x).replace("on the ", "the ").replace("in the ", "the ")}, keeping its size and look, and fill the place it leaves with background. ${KEEP}`,
          short: `Move the ${label(target)} to the ${target.x < 256 ? "left" : "right"}.`,
        };
      }),
  },
  "Change the size/shape/orientation of an object": {
    needs: "objects",
    perform: (source, random) =>
      withTarget(source, random, (target) => {
        if (random.chance(0.6)) {
          const bigger = target.size < 70;
          target.size = Math.round(target.size * (bigger ? 1.7 : 0.55));
          return {
            long: `Make the ${label(target)} ${where(target.x)} ${bigger ? "noticeably larger, about one and a half times its size" : "much smaller, about half its size"}, keeping it in the same place. ${KEEP}`,
            short: `Make the ${label(target)} ${bigger ? "bigger" : "smaller"}.`,
          };
        }
        target.rotation += 35;
        return {
          long: `Rotate the ${label(target)} ${where(target.x)} by about 35 degrees clockwise, keeping its position and size. ${KEEP}`,
          short: `Tilt the ${label(target)}.`,
        };
      }),
  },
  "Add new scene context/background": {
    needs: "any",
    perform: (source, random) => {
      const scene = clone(source);
      scene.backdrop = random.pick(
        (["mountains", "city", "sea", "forest"] as const).filter((b) => b !== source.backdrop),
      );
      const words = {
        mountains: "a range of mountains with snowy peaks",
        city: "a city skyline with lit windows",
        sea: "the open sea on the horizon",
        forest: "a dense pine forest",
      };
      return {
        scene,
        long: `Place ${words[scene.backdrop]} in the background behind the scene, blending it naturally with the sky and the horizon. Keep every object in the foreground as it is.`,
        short: `Put ${words[scene.backdrop].replace(/^(a|the) /, "")} in the background.`,
      };
    },
  },
  "Apply seasonal transformation (summer ↔ winter)": {
    needs: "any",
    perform: (source) => {
      const scene = clone(source);
      scene.winter = !source.winter;
      return scene.winter
        ? {
            scene,
            long: "Turn the summer scene into a winter one: cover the ground and the trees with snow and let snowflakes fall, keeping every object and the composition as they are.",
            short: "Make it winter.",
          }
        : {
            scene,
            long: "Turn the winter scene into summer: melt the snow, bring back green grass and leaves, and keep every object in place.",
            short: "Make it summer.",
          };
    },
  },
  "Change weather conditions (sunny/rainy/snowy)": {
    needs: "any",
    perform: (source, random) => {
      const scene = clone(source);
      scene.weather = random.pick((["sunny", "cloudy", "rainy", "snowy"] as const).filter((w) => w !== source.weather));
      const words = {
        sunny: "a clear sunny day with a bright sun",
        cloudy: "an overcast day with a sky full of clouds",
        rainy: "a rainy day with grey clouds and falling rain",
        snowy: "a snowy day with falling snow",
      };
      return {
        scene,
        long: `Change the weather to ${words[scene.weather]}, adjusting the sky and light to match. ${KEEP}`,
        short: `Make it ${scene.weather}.`,
      };
    },
  },
  "Adjust global lighting (golden hour/fluorescent)": {
    needs: "any",
    perform: (source, random) => {
      const mode = random.pick(["golden", "fluorescent"] as const);
      return filterEdit(
        { kind: "lighting", mode },
        mode === "golden"
          ? "Relight the whole scene as if at golden hour: low warm sunlight, saturated oranges and soft long shadows. Do not change the objects."
          : "Relight the whole scene with cold, flat fluorescent office light: slightly greenish, desaturated and bright. Do not change the objects.",
        mode === "golden" ? "Golden hour lighting." : "Make the lighting fluorescent.",
      )(source, random);
    },
  },
  "Strong artistic style transfer (e.g., Van Gogh/anime/etc.)": {
    needs: "any",
    perform: filterEdit(
      { kind: "painting" },
      "Repaint the whole image as an expressive oil painting in the style of Van Gogh: thick brush strokes, flattened bold colour areas and strong saturation, keeping the composition recognisable.",
      "Make it look like a Van Gogh painting.",
    ),
  },
  "Photo to cartoon/sketch/comic": {
    needs: "any",
    perform: (source, random) =>
      random.chance(0.5)
        ? filterEdit(
            { kind: "sketch" },
            "Convert the photo into a black-and-white pencil sketch: clean dark outlines on white paper, no colour, same composition.",
            "Turn it into a sketch.",
          )(source, random)
        : filterEdit(
            { kind: "comic" },
            "Convert the photo into a comic-book panel: flat posterized colours with bold black ink outlines around every shape, same composition.",
            "Make it a comic.",
          )(source, random),
  },
  "Modern ↔ historical style/look": {
    needs: "any",
    perform: filterEdit(
      { kind: "historical" },
      "Make the picture look like a photograph from the early 1900s: sepia monochrome, soft grain and a dark vignette around the edges, without changing what is in it.",
      "Make it look like an old photo.",
    ),
  },
  "Replace text in signs/posters/billboards": {
    needs: "sign",
    perform: (source, random) => {
      const scene = clone(source);
      const sign = scene.signs[0];
      if (!sign) throw new Error("recipe needs a sign");
      const before = sign.text;
      sign.text = random.pick(SIGN_WORDS.filter((w) => w !== before));
      return {
        scene,
        long: `Replace the word "${before}" on the sign with "${sign.text}", in the same font, colour and size, centred on the board. ${KEEP}`,
        short: `Change the sign to say "${sign.text}".`,
      };
    },
  },
  "Add new (handwritten/printed/etc) text": {
    needs: "any",
    perform: (source, random) => {
      const scene = clone(source);
      const text = random.pick(["HELLO", "SUMMER", "LOVE", "2024", "FRESH"]);
      const x = scene.signs.some((s) => s.x > 256) ? 120 : 390;
      scene.signs.push({
        text,
        color: "black",
        font: "cursive",
        x,
        y: 190,
        width: 120,
        board: "white",
        handwritten: true,
      });
      return {
        scene,
        long: `Add a small white board ${where(x)} with the word "${text}" handwritten on it in black ink, standing on a wooden post. ${KEEP}`,
        short: `Add a handwritten "${text}" sign.`,
      };
    },
  },
  "Change font style or color of visible text if there is text": {
    needs: "sign",
    perform: (source, random) => {
      const scene = clone(source);
      const sign = scene.signs[0];
      if (!sign) throw new Error("recipe needs a sign");
      sign.color = otherColor(random, sign.color === sign.board ? "white" : sign.color);
      if (sign.color === sign.board) sign.color = sign.board === "black" ? "yellow" : "black";
      sign.font = random.pick(FONTS.filter((f) => f !== sign.font));
      return {
        scene,
        long: `Change the lettering of "${sign.text}" on the sign to a ${sign.font === "mono" ? "typewriter" : sign.font} typeface in ${sign.color}, keeping the words and their position. ${KEEP}`,
        short: `Make the sign's text ${sign.color}.`,
      };
    },
  },
  "Translate written text into other languages": {
    needs: "sign",
    perform: (source) => {
      const scene = clone(source);
      const sign = scene.signs[0];
      if (!sign) throw new Error("recipe needs a sign");
      const [translated, language] = TRANSLATIONS[sign.text] ?? [sign.text, "English"];
      const before = sign.text;
      sign.text = translated;
      return {
        scene,
        long: `Translate the sign's text "${before}" into ${language} ("${translated}"), keeping the font, colour and layout of the lettering. ${KEEP}`,
        short: `Translate the sign into ${language}.`,
      };
    },
  },
  "Add/Remove/Replace Accessories (glasses, hats, jewelry, masks)": {
    needs: "person",
    perform: (source, random) => {
      const scene = clone(source);
      const person = scene.person;
      if (!person) throw new Error("recipe needs a person");
      const before = person.accessory;
      person.accessory = random.pick(
        (["none", "hat", "glasses", "mask", "necklace"] as const).filter((a) => a !== before),
      );
      const what = {
        none: "",
        hat: "a black top hat",
        glasses: "round glasses",
        mask: "a light blue face mask",
        necklace: "a thin gold necklace",
      };
      if (person.accessory === "none")
        return {
          scene,
          long: `Remove the ${what[before]} from the person, restoring what it covered. ${KEEP}`,
          short: `Take off the ${what[before].replace(/^(a|an) /, "")}.`,
        };
      return {
        scene,
        long: `Put ${what[person.accessory]} on the person${before !== "none" ? ` instead of the ${what[before].replace(/^(a|an) /, "")}` : ""}, fitted naturally. ${KEEP}`,
        short: `Give them ${what[person.accessory]}.`,
      };
    },
  },
  "Clothing edit (change color/outfit)": {
    needs: "person",
    perform: (source, random) => {
      const scene = clone(source);
      const person = scene.person;
      if (!person) throw new Error("recipe needs a person");
      person.shirt = otherColor(random, person.shirt);
      return {
        scene,
        long: `Change the colour of the person's shirt to ${person.shirt}, keeping its folds and fit. ${KEEP}`,
        short: `Make the shirt ${person.shirt}.`,
      };
    },
  },
  "Pose tweak (minor plausible change)": {
    needs: "person",
    perform: (source) => {
      const scene = clone(source);
      const person = scene.person;
      if (!person) throw new Error("recipe needs a person");
      person.pose = person.pose === "wave" ? "relaxed" : "wave";
      return person.pose === "wave"
        ? {
            scene,
            long: `Have the person raise their right arm in a friendly wave, without changing their face or clothes. ${KEEP}`,
            short: "Make them wave.",
          }
        : {
            scene,
            long: `Have the person lower their raised arm to a relaxed position by their side. ${KEEP}`,
            short: "Lower their arm.",
          };
    },
  },
  "Modify expressions (smile, frown, neutral)": {
    needs: "person",
    perform: (source, random) => {
      const scene = clone(source);
      const person = scene.person;
      if (!person) throw new Error("recipe needs a person");
      person.expression = random.pick(
        (["smile", "neutral", "frown"] as const).filter((e) => e !== source.person?.expression),
      );
      const words = { smile: "a warm smile", neutral: "a neutral expression", frown: "a slight frown" };
      return {
        scene,
        long: `Give the person ${words[person.expression]}, keeping their identity and everything else unchanged.`,
        short: `Make them ${person.expression === "neutral" ? "look neutral" : person.expression}.`,
      };
    },
  },
  "Change age / gender": {
    needs: "person",
    perform: (source) => {
      const scene = clone(source);
      const person = scene.person;
      if (!person) throw new Error("recipe needs a person");
      person.old = !person.old;
      return {
        scene,
        long: `Make the person look ${person.old ? "about thirty years older, with grey hair and wrinkles" : "about thirty years younger, with their natural hair colour back"}, keeping their identity, pose and clothes. ${KEEP}`,
        short: `Make them look ${person.old ? "older" : "younger"}.`,
      };
    },
  },
  "Convert person to 2D anime/manga style (identity-preserving)": personStyle(
    "anime",
    "Redraw the person as a 2D anime character: large expressive eyes, clean outlines and flat soft shading.",
    "Make them an anime character.",
  ),
  "Convert person to Pixar/Disney-like 3D cartoon look": personStyle(
    "3d",
    "Turn the person into a Pixar-like 3D cartoon character with smooth rounded shading.",
    "Make them a 3D cartoon.",
  ),
  "Convert person to Western comic cel-shaded style": personStyle(
    "comic",
    "Redraw the person in a Western comic cel-shaded style: flat colours with heavy black ink outlines.",
    "Comic-book style for the person.",
  ),
  "Line-art ink sketch of the person": personStyle(
    "lineart",
    "Render the person as a black ink line drawing on white, with no fill colour.",
    "Line-art sketch of the person.",
  ),
  "Sticker-ify the person with bold outline and white border": personStyle(
    "sticker",
    "Turn the person into a sticker: a bold dark outline and a thick white die-cut border around the figure.",
    "Make them a sticker.",
  ),
  "Caricature with mild feature exaggeration (keep identity)": personStyle(
    "caricature",
    "Make a gentle caricature of the person: enlarge the head moderately while keeping the face recognisable.",
    "Caricature them.",
  ),
  "Funko-Pop–style toy figure of the person": personStyle(
    "funko",
    "Turn the person into a Funko-Pop-style vinyl figure: oversized square head, small body and black dot eyes.",
    "Make them a Funko Pop.",
  ),
  "LEGO-minifigure rendition of the person": personStyle(
    "lego",
    "Turn the person into a LEGO minifigure: yellow plastic skin, cylindrical head and a blocky torso.",
    "Make them a LEGO minifigure.",
  ),
  "Simpsonize the person (yellow-skin cartoon style)": personStyle(
    "simpsons",
    "Simpsonize the person: yellow skin, big round white eyes and simple cartoon features.",
    "Simpsonize them.",
  ),
  "Zoom in": {
    needs: "any",
    perform: (source) => {
      const scene = clone(source);
      scene.zoom = source.zoom * 1.6;
      return {
        scene,
        long: "Zoom in on the centre of the picture so that the middle of the scene fills the frame, keeping it sharp and the perspective unchanged.",
        short: "Zoom in.",
      };
    },
  },
  "Outpainting (extend canvas beyond boundaries)": {
    needs: "zoomed",
    perform: (source) => {
      const scene = clone(source);
      scene.zoom = 1;
      return {
        scene,
        long: "Extend the canvas beyond its current borders on every side, continuing the sky, the ground and the background seamlessly so the original view sits in the middle of a wider scene.",
        short: "Extend the image outward.",
      };
    },
  },
};
