// Import files that mix good records with every kind of hostile line we could think of,
// each bad line with the reason it must be reported with: the specification of "no line
// crashes the import". Line numbers are counted here, as the lines are written.

export type Expected = { line: number; reason: string | RegExp };
export type GoodSft = {
  line: number;
  source: string;
  local: string | null;
  long: string;
  short: string;
  editType: string;
  output: string;
};
export type GoodScore = { line: number; output: string; judge: string; rationale: string };
export type GoodSequence = { line: number; original: string; turns: { prompt: string; output: string }[] };
// good: lines that add records; repeated: lines that repeat an earlier record (already present).
export type HostileFile<G> = { content: Buffer; lines: number; good: G[]; repeated: number[]; bad: Expected[] };

const MAX_LINE_BYTES = 4 * 1024 * 1024;
const EDIT_TYPES = [
  "Remove an existing object",
  "Change overall color tone (warm ↔ cool)",
  "Funko-Pop–style toy figure of the person",
  "Change an object's attribute (e.g., color/material)",
];
// Text that is hard to carry but valid: quotes, backslashes, COPY's separators, scripts,
// emoji (surrogate pairs), U+2028, a BOM inside, NBSP, combining marks, right-to-left.
const HARD_TEXT = 'say "hi" \\ back\\slash\ttab\nnew line 犬 🐶 \u2028 \uFEFF\u00A0e\u0301 שלום';

// A file written line by line, each line expected good or bad.
class FileWriter<G> {
  private parts: Buffer[] = [];
  private number = 0;
  readonly good: G[] = [];
  readonly repeated: number[] = [];
  readonly bad: Expected[] = [];

  add(
    line: string | Buffer,
    expected: { good: G } | { reason: string | RegExp } | "repeated" | "blank",
    ending = "\n",
  ) {
    this.number++;
    this.parts.push(typeof line === "string" ? Buffer.from(line) : line, Buffer.from(ending));
    if (expected === "blank") return;
    if (expected === "repeated") this.repeated.push(this.number);
    else if ("good" in expected) this.good.push(expected.good);
    else this.bad.push({ line: this.number, reason: expected.reason });
  }

  get line() {
    return this.number + 1;
  }

  file(): HostileFile<G> {
    const { good, repeated, bad } = this;
    return { content: Buffer.concat(this.parts), lines: this.number, good, repeated, bad };
  }
}

const sftRecord = (i: number, tag: string) => ({
  open_image_input_url: `https://farm${(i % 9) + 1}.staticflickr.com/${tag}/${i}_o.jpg`,
  text: `Edit number ${i} of ${tag}: ${HARD_TEXT}`,
  output_image: `images/positive-edit/${tag}-${i}.png`,
  edit_type: EDIT_TYPES[i % EDIT_TYPES.length] as string,
  summarized_text: `Edit ${i} ${i % 2 ? "🐶" : "犬"}`,
  ...(i % 3 === 0 ? { local_input_image: `openimages/train/${tag}-${i}.jpg` } : {}),
});
const goodSft = (line: number, record: ReturnType<typeof sftRecord>): GoodSft => ({
  line,
  source: record.open_image_input_url,
  local: record.local_input_image ?? null,
  long: record.text,
  short: record.summarized_text,
  editType: record.edit_type,
  output: record.output_image,
});

const hex = (char: string) => char.charCodeAt(0).toString(16).padStart(4, "0");
// The characters no string field may hold, each with the reason for one at position `at`.
export const BAD_CHARACTERS: { char: string; reason: (at: number) => string }[] = [
  ...["\0"].map((char) => ({ char, reason: (at: number) => `contains a NUL character (U+0000) at character ${at}` })),
  ...["\x01", "\x1b", "\x7f", "\x85", "\x9b"].map((char) => ({
    char,
    reason: (at: number) => `contains the control character U+${hex(char).toUpperCase()} at character ${at}`,
  })),
  ...["\ud800", "\udfff"].map((char) => ({
    char,
    reason: (at: number) =>
      `contains a lone surrogate (\\u${hex(char)}) at character ${at}, which is not valid Unicode`,
  })),
];
const STRING_FIELDS = [
  "open_image_input_url",
  "text",
  "summarized_text",
  "output_image",
  "edit_type",
  "local_input_image",
] as const;

// Deterministic shuffle, so that a failure can be read again.
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed;
  const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

type Entry = (file: FileWriter<GoodSft>, i: number) => void;
const bad =
  (line: (i: number) => string | Buffer, reason: string | RegExp): Entry =>
  (file, i) =>
    file.add(line(i), { reason });
const json = (value: unknown) => JSON.stringify(value);
const raw = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part) : Buffer.from(part))));

// An SFT file: a good record after every bad line, in a shuffled order, a BOM first, CR LF
// and CR-only line ends in places, blank lines, and a last line without a line end.
export function hostileSftFile(tag: string, seed = 1): HostileFile<GoodSft> {
  const entries: Entry[] = [];
  for (const field of STRING_FIELDS)
    for (const { char, reason } of BAD_CHARACTERS)
      entries.push((file, i) => {
        const record = { ...sftRecord(i, tag), local_input_image: `openimages/train/${tag}-${i}.jpg` };
        const value = field === "edit_type" ? "Zoom in" : record[field];
        const at = Math.min(5, value.length);
        file.add(json({ ...record, [field]: value.slice(0, at) + char + value.slice(at) }), {
          reason: `"${field}" ${reason(at + 1)}`,
        });
      });
  const record = (i: number) => json(sftRecord(i, tag));
  const ascii = (i: number) => ({ ...sftRecord(i, tag), text: `Remove thing ${i}.`, summarized_text: "Remove it." });
  // The record with its text replaced by a JSON fragment.
  const withText = (i: number, fragment: string) => json({ ...sftRecord(i, tag), text: "@" }).replace('"@"', fragment);
  const bareNul = (i: number) => record(i).replace("Edit number", "Edit\0number");
  entries.push(
    bad(bareNul, /^a raw NUL byte at character \d+, which JSON does not allow$/),
    bad((i) => `${record(i)}\0`, /^a raw NUL byte at character \d+, which JSON does not allow$/),
    bad(
      (i) => Buffer.from(json({ ...ascii(i), edit_type: "Zoom in" }), "utf16le"),
      /^a raw NUL byte at character 2, .*\(a UTF-16 file\? /,
    ),
    bad((i) => record(i).replace("Edit number", "Edit\x01number"), /^broken JSON: Bad control character/),
    bad((i) => `\x1b[2J${record(i)}`, /^broken JSON: Unexpected token '\\u001b'/),
    bad((i) => json({ ...sftRecord(i, tag), text: "a\tb\nc" }).replace("\\t", "\t"), /^broken JSON: Bad control/),
    bad(
      (i) => raw(record(i).slice(0, 40), [0x80], record(i).slice(40)),
      /^invalid UTF-8 at byte 41 of the line \(80\)/,
    ),
    bad((i) => raw(record(i).slice(0, 40), [0xc0, 0xaf], record(i).slice(40)), /^invalid UTF-8 at byte 41 .*\(c0\)/),
    bad((i) => raw(record(i).slice(0, 40), [0xed, 0xa0, 0x80], record(i).slice(40)), /at byte 41 .*\(ed a0\)/),
    bad((i) => raw(record(i).slice(0, 40), [0xf4, 0x90, 0x80, 0x80], record(i).slice(40)), /at byte 41 .*\(f4 90\)/),
    bad((i) => raw([0xff, 0xfe], record(i)), "invalid UTF-8 at byte 1 of the line (ff); the file must be UTF-8"),
    bad(() => "[".repeat(1_000_000) + "]".repeat(1_000_000), "a record must be a JSON object, got a list"),
    bad(
      (i) => withText(i, `${'{"a":'.repeat(100_000)}1${"}".repeat(100_000)}`),
      '"text" must be a string, got an object',
    ),
    bad((i) => withText(i, "1e400"), '"text" must be a string, got a number'),
    bad((i) => withText(i, "NaN"), /^broken JSON: /),
    bad((i) => withText(i, "-"), /^broken JSON: /),
    bad((i) => json({ ...sftRecord(i, tag), output_image: 17 }), '"output_image" must be a string, got a number'),
    bad((i) => json({ ...sftRecord(i, tag), text: ["a"] }), '"text" must be a string, got a list'),
    bad((i) => json({ ...sftRecord(i, tag), text: "x".repeat(20_001) }), '"text" is longer than 20000 characters'),
    bad((i) => json({ ...sftRecord(i, tag), edit_type: "y".repeat(201) }), '"edit_type" is longer than 200 characters'),
    bad(
      (i) => json({ ...sftRecord(i, tag), open_image_input_url: `https://a.b/${"z".repeat(2040)}` }),
      '"open_image_input_url" is longer than 2048 characters',
    ),
    bad(
      (i) => json({ ...sftRecord(i, tag), output_image: `images/x-${tag}-${i}_retry99999999999.png` }),
      '"output_image": retry number 99999999999 is over 1000',
    ),
    // Duplicate keys: the last one counts, as in JSON.parse and jq.
    bad(
      (i) => `{"text":"first",${json({ ...sftRecord(i, tag), text: "last\0" }).slice(1)}`,
      '"text" contains a NUL character (U+0000) at character 5',
    ),
    bad(() => "[]", "a record must be a JSON object, got a list"),
    bad(() => '"just a string"', "a record must be a JSON object, got a string"),
    bad(() => "null", "a record must be a JSON object, got null"),
    bad(() => "1e400", "a record must be a JSON object, got a number"),
    bad(() => "{}", '"open_image_input_url" is missing'),
    bad((i) => `${record(i)} trailing`, /^broken JSON: Unexpected non-whitespace character after JSON/),
    bad((i) => `${record(i)}}`, /^broken JSON: /),
    bad((i) => record(i).slice(0, 60), /^broken JSON: /),
    bad(
      (i) => json({ ...sftRecord(i, tag), padding: "p".repeat(MAX_LINE_BYTES) }),
      /^line is [\d,]+ bytes long, over the limit of 4,194,304 bytes$/,
    ),
  );
  const file = new FileWriter<GoodSft>();
  let i = 0;
  const addGood = (ending = "\n", shape: (r: ReturnType<typeof sftRecord>) => string = json) => {
    const r = sftRecord(++i, tag);
    file.add(shape(r), { good: goodSft(file.line, r) }, ending);
  };
  // A BOM, then a good line that also holds a NUL, but only in a key nobody reads.
  file.add(`\uFEFF${json({ ...sftRecord(++i, tag), "ke\0y": "v\0" })}`, {
    good: goodSft(file.line, sftRecord(i, tag)),
  });
  for (const entry of shuffle(entries, seed)) {
    entry(file, ++i);
    addGood(i % 4 === 0 ? "\r\n" : "\n");
    if (i % 7 === 0) file.add("   ", "blank");
  }
  // Good lines that are odd only in form.
  addGood("\n", (r) => json(r).replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c)}`)); // every non-ASCII character escaped
  addGood("\n", (r) => `{"text":"first\\u0000",${json(r).slice(1)}`); // the last of duplicate keys counts
  addGood(
    "\n",
    (r) => `{"__proto__": {"x": 1}, "deep": ${"[".repeat(100_000)}${"]".repeat(100_000)}, ${json(r).slice(1)}`,
  );
  addGood("\n", (r) => `  \t${json(r)}\t  `);
  addGood("\n", (r) => `\uFEFF${json(r)}`); // a BOM where a file was appended to another
  addGood("\r");
  addGood("\r");
  addGood("\r\n");
  addGood(""); // the last line, without a line end
  return file.file();
}

// An SFT file whose last line ends in the middle of a character, without a line end.
export function hostileEndFile(tag: string): HostileFile<GoodSft> {
  const file = new FileWriter<GoodSft>();
  for (const i of [1, 2]) file.add(json(sftRecord(i, tag)), { good: goodSft(file.line, sftRecord(i, tag)) });
  const last = json(sftRecord(3, tag));
  file.add(
    raw(last.slice(0, 30), [0xe2, 0x82]),
    { reason: /^invalid UTF-8 at byte 31 .*\(e2 82, a character cut short/ },
    "",
  );
  return file.file();
}

type Turns = { prompt: string; output: string }[];
const sequenceRecord = (original: string, turns: Turns) =>
  json({
    files: [
      { id: "original_input_image", url: original },
      ...turns.map((turn, k) => ({
        id: k === turns.length - 1 ? "final_image" : `edit_turn${k + 1}`,
        url: turn.output,
      })),
    ],
    metadata_edit_turn_prompts: turns.map((turn) => turn.prompt),
  });

// Two multi-turn files, to be imported one after the other: records that repeat or share
// a turn (an edit is a turn of one sequence only) within the first file, and in the
// second against what the first imported, among records with bad strings and shapes.
export function hostileMultiTurnFiles(tag: string): [HostileFile<GoodSequence>, HostileFile<GoodSequence>] {
  const original = (name: string) => `https://farm1.staticflickr.com/${tag}/${name}_o.jpg`;
  const turns = (name: string, count: number): Turns =>
    Array.from({ length: count }, (_, k) => ({
      prompt: `${name} turn ${k + 1}: ${HARD_TEXT}`,
      output: `images/multi-turn/${tag}-${name}_turn${k + 1}.png`,
    }));
  const first = new FileWriter<GoodSequence>();
  const addGood = (file: FileWriter<GoodSequence>, name: string, sequence: Turns) =>
    file.add(sequenceRecord(original(name), sequence), {
      good: { line: file.line, original: original(name), turns: sequence },
    });
  const a = turns("a", 3);
  const d = turns("d", 2);
  addGood(first, "a", a);
  first.add(sequenceRecord(original("a"), a), "repeated");
  first.add(sequenceRecord(original("a"), [a[0] as Turns[number], ...turns("b", 2).slice(1)]), {
    reason: "turn 1 is already turn 1 of the sequence on line 1; an edit belongs to one sequence only",
  });
  const [c1, c2] = turns("c", 2) as [Turns[number], Turns[number]];
  const back = { ...c2, output: original("c") };
  first.add(sequenceRecord(original("c"), [c1, { ...back, prompt: "undo" }, c1]), {
    reason: "turn 3 repeats turn 1 (the same image, instruction and output)",
  });
  addGood(first, "d", d);
  const withNul = turns("e", 2).map((turn, k) => (k === 1 ? { ...turn, output: `images/e\0-${tag}.png` } : turn));
  first.add(sequenceRecord(original("e"), withNul), {
    reason: '"files[2].url" contains a NUL character (U+0000) at character 9',
  });
  const lone = turns("f", 2).map((turn, k) => (k === 0 ? { ...turn, prompt: "snow \udc00" } : turn));
  first.add(sequenceRecord(original("f"), lone), {
    reason:
      '"metadata_edit_turn_prompts[0]" contains a lone surrogate (\\udc00) at character 6, which is not valid Unicode',
  });
  first.add(json({ files: "images/x.png", metadata_edit_turn_prompts: ["a"] }), {
    reason: '"files" must be a list, got a string',
  });
  first.add(sequenceRecord(original("h"), turns("h", 21)), {
    reason: '"metadata_edit_turn_prompts" has more than 20 turns',
  });
  first.add(json({ files: [[]], metadata_edit_turn_prompts: ["a"] }), {
    reason: '"files[0]" must be an object, got a list',
  });
  addGood(first, "j", turns("j", 4));
  // Turn 2 of d again, reached from another original.
  first.add(
    sequenceRecord(original("k"), [{ prompt: "other", output: (d[0] as Turns[number]).output }, d[1] as Turns[number]]),
    {
      reason: "turn 2 is already turn 2 of the sequence on line 5; an edit belongs to one sequence only",
    },
  );
  addGood(first, "l", turns("l", 2));

  const second = new FileWriter<GoodSequence>();
  second.add(sequenceRecord(original("a"), [a[0] as Turns[number], ...turns("m", 3).slice(1)]), {
    reason:
      /^turn 1 is already turn 1 of the sequence imported from line 1 \(import batch #\d+\); an edit belongs to one sequence only$/,
  });
  second.add(sequenceRecord(original("a"), a), "repeated");
  addGood(second, "n", turns("n", 2));
  return [first.file(), second.file()];
}

// A scores file for edits that exist (outputs), good lines mixed with bad ones.
export function hostileScoresFile(outputs: string[]): HostileFile<GoodScore> {
  const file = new FileWriter<GoodScore>();
  const [first, second, third] = outputs as [string, string, string];
  const score = (output: string, judge: string, extra: Record<string, unknown> = {}) =>
    json({ output_image: output, judge, compliance: 0.9, realism: 0.8, preservation: 0.85, technical: 0.9, ...extra });
  const good = (output: string, judge: string, rationale: string) =>
    file.add(score(output, judge, { rationale }), { good: { line: file.line, output, judge, rationale } });
  const reasons: [string | Buffer, string | RegExp][] = [
    [score(first, "gem\0ini"), '"judge" contains a NUL character (U+0000) at character 4'],
    [score(first, "gemini\n"), '"judge" contains a line break (U+000A) at character 7'],
    [
      score(first, "gemini", { rationale: "ok \x1b[2J" }),
      '"rationale" contains the control character U+001B at character 4',
    ],
    [score(`${first}\ud800`, "gemini"), /^"output_image" contains a lone surrogate \(\\ud800\) at character \d+/],
    [
      score(first, "gemini").replace('"compliance":0.9', '"compliance":1e400'),
      '"compliance" must be a finite number, got Infinity',
    ],
    [score(first, "gemini", { realism: "0.8" }), '"realism" must be a number, got a string'],
    [score(first, "gemini", { compliance: 1.3 }), 'criterion "compliance" is 1.3, outside [0, 1]'],
    [score(first, "  "), '"judge" is empty'],
    ["[]", "a score line must be a JSON object, got a list"],
    [score(first, "gem\0ini").replace("\\u0000", "\0"), /^a raw NUL byte at character \d+, which JSON does not allow$/],
    [raw(score(first, "gemini").slice(0, 20), [0xc3], score(first, "gemini").slice(20)), /^invalid UTF-8 at byte 21 /],
    [
      score(first, "gemini", { rationale: "r".repeat(MAX_LINE_BYTES) }),
      /^line is [\d,]+ bytes long, over the limit of 4,194,304 bytes$/,
    ],
    [score("images/none.png", "gemini"), 'no edit has output image "images/none.png"; import its record file first'],
  ];
  good(first, "judge-a", `Fine. ${HARD_TEXT}`);
  for (const [k, [line, reason]] of reasons.entries()) {
    file.add(line, { reason });
    good(k % 2 ? second : third, `judge-${file.line}`, `line ${file.line}: ${HARD_TEXT}`);
  }
  return file.file();
}
