import { createRandom, type Random } from "../demo/random";
import { CRITERIA, overallScore, PASS_THRESHOLD, type CriterionScores } from "../scoring/scoring";
import { EDIT_TYPES } from "../taxonomy/taxonomy";

// Full-scale manifests in the released format, for benchmarks: record counts of the
// release (pico/FORMAT.md), edit types in the paper's SFT proportions, instruction
// lengths like the release's (long prompts of a few hundred characters, short ones of a
// sentence), retry suffixes, bucket-prefixed rejected paths, preference records that
// repeat an SFT task, shared source photos. Deterministic for a seed.

export const RELEASE_COUNTS = { sft: 257_730, preference: 56_473, multiTurn: 72_000 };

const WORDS =
  "the a of and to in on with its at from into keep make change add remove replace sky tree car dog cat person woman man child building street window door table chair cup light shadow color colour red blue green yellow warm cool golden soft bright dark natural realistic background foreground left right center corner edge texture detail surface reflection scene image photo style painting sketch winter summer snow rain sun cloud grass water river mountain road sign text letters poster billboard hat glasses jacket shirt smile face hair expression pose arm hand object position size shape orientation seamless lighting perspective preserve original composition while ensuring that remains unchanged".split(
    " ",
  );

function sentence(random: Random, minWords: number, maxWords: number): string {
  const count = random.int(minWords, maxWords);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(WORDS[Math.floor(random.next() * WORDS.length)] as string);
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

// A long instruction is two to five sentences: about 150 to 700 characters.
const longInstruction = (random: Random) =>
  Array.from({ length: random.int(2, 5) }, () => sentence(random, 10, 22)).join(" ");
const shortInstruction = (random: Random) => sentence(random, 3, 12);
const sourceUrl = (n: number) =>
  `https://farm${(n % 9) + 1}.staticflickr.com/${1000 + (n % 8000)}/${10_000_000 + n}_${((n * 2654435761) >>> 0).toString(16).padStart(8, "0")}_o.jpg`;

function outputName(random: Random, n: number, folder: string): string {
  if (random.chance(0.08)) return `images/${folder}/${n.toString(36)}sft_retry${random.int(2, 3)}.png`;
  return `images/${folder}/${n}.png`;
}

// The SFT file's types, each exactly as often as the paper counts it, in random order.
function sftTypes(random: Random, total: number): string[] {
  const scale = total / RELEASE_COUNTS.sft;
  const names = EDIT_TYPES.flatMap((type) =>
    Array.from({ length: Math.round(type.paperSftCount * scale) }, () => type.name),
  );
  while (names.length < total) names.push(random.pick(EDIT_TYPES).name);
  return random.shuffle(names.slice(0, total));
}

function weightedType(random: Random): string {
  let ticket = random.next() * RELEASE_COUNTS.sft;
  for (const type of EDIT_TYPES) {
    ticket -= type.paperSftCount;
    if (ticket < 0) return type.name;
  }
  return (EDIT_TYPES[EDIT_TYPES.length - 1] as (typeof EDIT_TYPES)[number]).name;
}

export type ManifestLines = {
  sft: Iterable<string>;
  preference: Iterable<string>;
  multiTurn: Iterable<string>;
  scores: Iterable<string>;
};

// Judge criteria that agree with the release's label: an SFT or chosen output passes, a
// rejected one fails. Passing edits score mostly high with an occasional weak
// criterion; failing ones spread lower.
function judgeScores(random: Random, passed: boolean): CriterionScores {
  for (;;) {
    const scores = Object.fromEntries(
      CRITERIA.map((c) => [c, Math.round((passed ? random.float(0.55, 1) : random.float(0.15, 0.9)) * 100) / 100]),
    ) as CriterionScores;
    if (overallScore(scores) >= PASS_THRESHOLD === passed) return scores;
  }
}

// The lines of the three files. Read sft to the end before preference: the preference
// records that repeat SFT tasks are picked while the SFT lines are made.
export function syntheticManifests(options: { seed: number; scale?: number }): ManifestLines {
  const scale = options.scale ?? 1;
  const counts = {
    sft: Math.round(RELEASE_COUNTS.sft * scale),
    preference: Math.round(RELEASE_COUNTS.preference * scale),
    multiTurn: Math.round(RELEASE_COUNTS.multiTurn * scale),
  };
  // About 1.3 tasks per source photo.
  const sources = Math.max(1, Math.round((counts.sft + counts.preference) / 1.3));
  const random = createRandom(options.seed);
  // SFT tasks that preference records repeat (same source and instruction, same output).
  const repeated: { source: string; long: string; short: string; type: string; output: string }[] = [];
  let outputNumber = 0;
  // Outputs to score, with whether the release says they pass.
  const judged: { output: string; passed: boolean }[] = [];

  function* sft() {
    const r = random.fork("sft");
    const types = sftTypes(r, counts.sft);
    for (let i = 0; i < counts.sft; i++) {
      const long = longInstruction(r);
      const record = {
        open_image_input_url: sourceUrl(r.int(0, sources - 1)),
        text: long,
        output_image: outputName(r, ++outputNumber, "positive-edit"),
        edit_type: types[i] as string,
        summarized_text: r.chance(0.03) ? long : shortInstruction(r),
      };
      if (repeated.length < counts.preference * 0.3 && r.chance(0.07))
        repeated.push({
          source: record.open_image_input_url,
          long,
          short: record.summarized_text,
          type: record.edit_type,
          output: record.output_image,
        });
      judged.push({ output: record.output_image, passed: true });
      yield JSON.stringify(record);
    }
  }

  function* preference() {
    const r = random.fork("preference");
    let rejectedNumber = 0;
    for (let i = 0; i < counts.preference; i++) {
      const again = i < repeated.length ? repeated[i] : undefined;
      const long = again?.long ?? longInstruction(r);
      const rejected = Array.from(
        { length: r.int(1, 2) },
        () => `${r.chance(0.5) ? "nano-banana-300k/" : ""}images/rejected-edit/${++rejectedNumber}.png`,
      );
      const chosen = again?.output ?? outputName(r, ++outputNumber, "positive-edit");
      if (!again) judged.push({ output: chosen, passed: true });
      for (const output of rejected) judged.push({ output, passed: false });
      yield JSON.stringify({
        output_image: chosen,
        rejected_images: rejected,
        text: long,
        edit_type: again?.type ?? weightedType(r),
        open_image_input_url: again?.source ?? sourceUrl(r.int(0, sources - 1)),
        summarized_text: again?.short ?? shortInstruction(r),
      });
    }
  }

  function* multiTurn() {
    const r = random.fork("multi-turn");
    for (let i = 0; i < counts.multiTurn; i++) {
      const turns = r.int(2, 5);
      const files = Array.from({ length: turns }, (_, k) => ({
        id: k === turns - 1 ? "final_image" : `edit_turn${k + 1}`,
        url: `images/multi-turn/${i}_attempt${"ABC"[r.int(0, 2)]}_turn${k + 1}.png`,
      }));
      files.push({ id: "original_input_image", url: sourceUrl(sources + i) });
      yield JSON.stringify({
        files,
        metadata_edit_turn_prompts: Array.from({ length: turns }, () => shortInstruction(r)),
      });
    }
  }

  // A judge-score sidecar (README, "Judge scores") for every SFT and preference output.
  // Read it after the sft and preference lines.
  function* scores() {
    const r = random.fork("scores");
    for (const { output, passed } of judged)
      yield JSON.stringify({ output_image: output, judge: "synthetic-judge", ...judgeScores(r, passed) });
  }

  return { sft: sft(), preference: preference(), multiTurn: multiTurn(), scores: scores() };
}
