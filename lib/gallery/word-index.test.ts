import { describe, expect, it } from "vitest";

import { WordIndex } from "./word-index";

// A fixed pseudo-random sequence of texts from a small vocabulary, so that words repeat,
// contain one another (snow, snowy, snowman) and meet punctuation and digits.
let seed = 11;
const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
const VOCABULARY = ["snow", "snowy", "snowman", "now", "light", "lighting", "golden", "a", "x2", "café", "the", "sky"];
const SEPARATORS = [" ", " ", " ", ", ", "-", ". ", "'"];
const text = (): string | null => {
  if (random() < 0.05) return null;
  const words = Array.from({ length: 1 + Math.floor(random() * 8) }, () => {
    const word = VOCABULARY[Math.floor(random() * VOCABULARY.length)] as string;
    return random() < 0.1 ? `${word}${SEPARATORS[Math.floor(random() * SEPARATORS.length)]}` : word;
  });
  return words.join(SEPARATORS[Math.floor(random() * SEPARATORS.length)]);
};

const NEEDLES = [
  "snow",
  "now",
  "no",
  "ow",
  "snowman",
  "golden light",
  "golden lighting",
  "en li",
  " light",
  "light ",
  "snow, the",
  "a-",
  "-x2",
  "x2",
  "sky.",
  "'",
  " ",
  "the sky the sky the sky the sky the sky",
  "zebra",
];

// What reading every text says: the slots of the texts that hold the needle.
const read = (texts: (string | null)[], needle: string) =>
  texts.flatMap((value, slot) => (value?.includes(needle) ? [slot] : []));
const found = (matches: Uint8Array | undefined) =>
  matches ? [...matches].flatMap((hit, slot) => (hit ? [slot] : [])) : undefined;

describe("WordIndex", () => {
  it("finds the texts that hold a needle as reading each text would, as texts change and are added", () => {
    const texts = Array.from({ length: 400 }, text);
    const index = new WordIndex(texts);
    const expectAll = () => {
      for (const needle of NEEDLES) {
        if (!/[a-z0-9]/.test(needle)) expect(index.matches(needle, texts), needle).toBeUndefined();
        else expect(found(index.matches(needle, texts)), needle).toEqual(read(texts, needle));
      }
    };
    expectAll();
    for (let step = 0; step < 40; step++) {
      const slot = Math.floor(random() * texts.length);
      texts[slot] = text();
      index.change(slot);
      texts.push(text());
    }
    expectAll();
  });

  it("asks to be built again once many texts are read rather than looked up", () => {
    const texts = Array.from({ length: 2000 }, text);
    const index = new WordIndex(texts);
    expect(index.stale(texts)).toBe(false);
    for (let slot = 0; slot < 1025; slot++) index.change(slot);
    expect(index.stale(texts)).toBe(true);
  });
});
