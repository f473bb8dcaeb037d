// The words of the gallery's instructions, each with the texts that hold it: a text search
// finds the texts holding its needle from the few words that contain the needle rather than
// by reading every text. On the full release (549K instructions, 28.5 MB of text, 4.3M
// postings, 17 MB), the facet cube of "snow" took 56-63 ms reading each instruction and
// 6.2 ms from the words, which find its 38,686 texts in 0.1 ms; "golden light" (two words,
// 6,633 texts read to confirm) in 5 ms. Built in 0.9 s.
//
// A word is a run of ASCII lower-case letters and digits, as long as it runs. A needle made
// of such characters alone lies, wherever a text holds it, inside one of the text's words:
// the texts holding it are exactly those of the words that contain it. A needle with other
// characters (a space, a hyphen) is looked up by each of its words: a text holding it has a
// word that holds the needle's first word, one for the second, and so on, and where the
// needle has a space before or after a word, the text's word begins or ends there. The few
// texts that have all of them are read to confirm the needle itself, so the answer is the
// same as reading every text. A needle with no word at all is not answered here.

const WORD = /[a-z0-9]+/g;
// The needle's words looked up: past these, the texts found are few and read.
const MOST_PARTS = 8;

export class WordIndex {
  private readonly words: string[] = [];
  // Word w's texts, ascending: postings[starts[w]] up to postings[starts[w + 1]].
  private readonly starts: Int32Array;
  private readonly postings: Int32Array;
  // Texts indexed: the slots from 0 up to it, as they were then.
  private readonly built: number;
  // Slots below `built` whose text has changed since: read, not looked up.
  private readonly changed = new Set<number>();

  constructor(texts: readonly (string | null)[]) {
    this.built = texts.length;
    const numbers = new Map<string, number>();
    const lastText: number[] = [];
    const counts: number[] = [];
    // Each text's distinct words in text order (as word numbers), and where each text's end.
    let pairs = new Int32Array(1 << 20);
    let size = 0;
    const ends = new Int32Array(texts.length);
    for (let slot = 0; slot < texts.length; slot++) {
      for (const [word] of (texts[slot] ?? "").matchAll(WORD)) {
        let number = numbers.get(word);
        if (number === undefined) {
          number = this.words.push(word) - 1;
          numbers.set(word, number);
          lastText.push(-1);
          counts.push(0);
        }
        if (lastText[number] === slot) continue;
        lastText[number] = slot;
        counts[number]!++;
        if (size === pairs.length) {
          const grown = new Int32Array(pairs.length * 2);
          grown.set(pairs);
          pairs = grown;
        }
        pairs[size++] = number;
      }
      ends[slot] = size;
    }
    this.starts = new Int32Array(this.words.length + 1);
    for (let word = 0; word < this.words.length; word++)
      this.starts[word + 1] = (this.starts[word] as number) + (counts[word] as number);
    const next = this.starts.slice(0, this.words.length);
    this.postings = new Int32Array(size);
    let pair = 0;
    for (let slot = 0; slot < texts.length; slot++)
      for (const end = ends[slot] as number; pair < end; pair++) this.postings[next[pairs[pair] as number]!++] = slot;
  }

  // The text of a slot changed (a slot past those indexed needs no telling).
  change(slot: number) {
    if (slot < this.built) this.changed.add(slot);
  }

  // How many texts are read on every search rather than looked up: past some share of the
  // whole, the index is worth building again.
  stale(texts: readonly (string | null)[]): boolean {
    return this.changed.size + texts.length - this.built > Math.max(1024, this.built / 16);
  }

  // The texts of postings[from] up to postings[to] that fit the needle's words before the
  // k-th fit its k-th.
  private count(hits: Uint8Array, k: number, from: number, to: number) {
    const { postings } = this;
    for (let p = from; p < to; p++) {
      const slot = postings[p] as number;
      if (hits[slot] === k) hits[slot] = k + 1;
    }
  }

  // Which texts hold the needle (ASCII, lower case): 1 at their slots, 0 elsewhere; undefined
  // for a needle with no word.
  matches(needle: string, texts: readonly (string | null)[]): Uint8Array | undefined {
    const parts = [...needle.matchAll(WORD)].slice(0, MOST_PARTS);
    if (!parts.length) return undefined;
    // hits[slot]: how many of the needle's words, in turn, the text has a word to fit.
    const hits = new Uint8Array(texts.length);
    const { words, starts } = this;
    for (let k = 0; k < parts.length; k++) {
      const { 0: part, index } = parts[k] as RegExpExecArray;
      // Where a character other than a word's comes before the part in the needle, the part
      // begins a word of any text holding the needle; where one comes after, it ends one.
      const begins = index > 0;
      const ends = index + part.length < needle.length;
      for (let word = 0; word < words.length; word++) {
        const text = words[word] as string;
        const fits =
          begins && ends
            ? text === part
            : begins
              ? text.startsWith(part)
              : ends
                ? text.endsWith(part)
                : text.includes(part);
        if (fits) this.count(hits, k, starts[word] as number, starts[word + 1] as number);
      }
    }
    // A needle of one word is found by its words alone; else each text that fits is read.
    const oneWord = parts.length === 1 && parts[0]![0] === needle;
    const found = oneWord ? hits : confirm(hits, parts.length, needle, texts);
    const read = (slot: number) => (found[slot] = texts[slot]?.includes(needle) ? 1 : 0);
    for (const slot of this.changed) read(slot);
    for (let slot = this.built; slot < texts.length; slot++) read(slot);
    return found;
  }
}

// The texts that fit all of a needle's words (hits[slot] === fitted) and hold the needle.
function confirm(hits: Uint8Array, fitted: number, needle: string, texts: readonly (string | null)[]): Uint8Array {
  const found = new Uint8Array(hits.length);
  for (let slot = 0; slot < hits.length; slot++)
    if (hits[slot] === fitted && texts[slot]?.includes(needle)) found[slot] = 1;
  return found;
}
