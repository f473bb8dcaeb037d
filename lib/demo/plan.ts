import { CRITERIA, CRITERION_LABELS, PASS_THRESHOLD, scoreEdit, type CriterionScores } from "../scoring/scoring";
import { EDIT_TYPES } from "../taxonomy/taxonomy";
import { RECIPES, SIGN_WORDS, type Need, type Recipe } from "./edits";
import { createRandom, type Random } from "./random";
import { clone, COLOR_NAMES, OBJECT_KINDS, type Scene, type SceneObject } from "./scene";
import { DEMO_USERS, type DemoUser } from "./users";

// The whole demo dataset as plain data, decided before anything is drawn or written:
// the same (tasks, seed) gives the same plan on every machine.

export type Origin = "SFT" | "PREFERENCE_CHOSEN" | "PREFERENCE_REJECTED" | "MULTI_TURN";
export type Verdict = "PASS" | "FAIL";
export type Flaw = "glitch" | "smudge" | "washout" | "ignored";

export type PlannedEdit = {
  key: number;
  attempt: number;
  output: string;
  origin: Origin;
  // null: judged as the release judges, passed or failed without criteria (or, for a
  // multi-turn turn, not judged at all: judgeVerdict null too).
  scores: CriterionScores | null;
  overall: number | null;
  judgeVerdict: Verdict | null;
  rationale: string | null;
  humanVerdict: Verdict | null;
};
export type PlannedTask = {
  key: number;
  source: string;
  long: string;
  short: string;
  editType: string;
  edits: PlannedEdit[];
};
export type PlannedSequence = { original: string; taskKeys: number[] };
export type PlannedReview = {
  editKey: number;
  reviewer: string;
  verdict: Verdict;
  note: string;
};
export type DemoPlan = {
  images: Map<string, Scene>;
  // Images the plan names but does not draw, as the release names files that are gone.
  missing: Set<string>;
  tasks: PlannedTask[];
  sequences: PlannedSequence[];
  reviews: PlannedReview[];
  users: DemoUser[];
};

// Pass rate of one attempt: the paper's figure for the 13 types it gives, else 0.75.
const passRate = (editType: string) => EDIT_TYPES.find((t) => t.name === editType)?.paperSuccessRate ?? 0.75;

const SKIES: [string, string][] = [
  ["#4a90d9", "#cfe8fc"],
  ["#6fa8dc", "#fde9c9"],
  ["#3d6cb9", "#a9d6f5"],
  ["#89c2e8", "#f3f9fd"],
];
const GROUNDS = ["#7cb342", "#9ccc65", "#c2b280", "#8d9e5a"];
const SLOTS = [80, 170, 256, 345, 435];

function makeScene(random: Random, need: Need): Scene {
  const slots = random.shuffle(SLOTS);
  const hasPerson = need === "person" || random.chance(0.25);
  const hasSign = need === "sign" || random.chance(0.35);
  const personX = hasPerson ? slots.pop() : undefined;
  const signX = hasSign ? slots.pop() : undefined;
  const objectCount = random.int(2, Math.min(4, slots.length));
  const objects: SceneObject[] = Array.from({ length: objectCount }, (_, id) => {
    const kind = random.pick(OBJECT_KINDS);
    return {
      id,
      kind,
      color: random.pick(COLOR_NAMES.filter((c) => c !== "white")),
      x: slots[id] as number,
      y: kind === "kite" ? random.int(90, 140) : random.int(285, 320),
      size: random.int(48, 80),
      rotation: 0,
    };
  });
  return {
    sky: random.pick(SKIES),
    ground: random.pick(GROUNDS),
    backdrop: random.pick(["plain", "plain", "mountains", "city", "sea", "forest"] as const),
    winter: random.chance(0.1),
    weather: random.pick(["sunny", "sunny", "sunny", "cloudy"] as const),
    objects,
    signs:
      signX === undefined
        ? []
        : [
            {
              text: random.pick(SIGN_WORDS),
              color: random.pick(["white", "black", "yellow"] as const),
              font: random.pick(["sans", "serif"] as const),
              x: signX,
              y: 185,
              width: 130,
              board: random.pick(["blue", "red", "green", "brown"] as const),
            },
          ],
    person:
      personX === undefined
        ? null
        : {
            x: personX,
            y: 345,
            size: 190,
            shirt: random.pick(COLOR_NAMES.filter((c) => c !== "white")),
            hair: random.pick(["black", "brown", "yellow", "orange"] as const),
            expression: random.pick(["smile", "neutral"] as const),
            pose: "relaxed",
            accessory: "none",
            old: false,
            style: "photo",
          },
    zoom: need === "zoomed" ? 1.6 : 1,
    filters: [],
  };
}

function satisfies(scene: Scene, need: Need): boolean {
  if (need === "objects") return scene.objects.length > 0;
  if (need === "sign") return scene.signs.length > 0 && SIGN_WORDS.includes(scene.signs[0]?.text ?? "");
  if (need === "person") return scene.person !== null && scene.person.style === "photo";
  if (need === "zoomed") return scene.zoom > 1;
  return scene.zoom === 1;
}

// A failed attempt: the right edit with a visible defect, or the edit not made at all.
function flawed(source: Scene, intended: Scene, flaw: Flaw, random: Random): Scene {
  const base = clone(flaw === "ignored" ? source : intended);
  if (flaw === "glitch" || flaw === "ignored")
    base.filters.push({
      kind: "glitch",
      y: random.int(60, 300),
      height: random.int(24, 60),
      shift: random.int(-70, 70),
    });
  if (flaw === "smudge")
    base.filters.push({ kind: "smudge", x: random.int(100, 412), y: random.int(120, 300), radius: random.int(55, 90) });
  if (flaw === "washout") base.filters.push({ kind: "washout" });
  return base;
}

const WEAK: Record<Flaw, Partial<Record<keyof CriterionScores, [number, number]>>> = {
  glitch: { technical: [0.05, 0.35], realism: [0.15, 0.45] },
  smudge: { realism: [0.1, 0.4], compliance: [0.35, 0.65] },
  washout: { preservation: [0.1, 0.4], technical: [0.25, 0.5] },
  ignored: { compliance: [0.02, 0.25], preservation: [0.5, 0.8] },
};
const FLAW_RATIONALE: Record<Flaw, string> = {
  glitch:
    "A band of colour-shifted, displaced pixels crosses the image: the requested change is there, but the output is corrupted.",
  smudge: "A grey smear covers part of the scene; the edit is hard to make out and looks pasted rather than painted.",
  washout:
    "The whole picture came back washed out and blurred: the edit went through, but the rest of the image was not preserved.",
  ignored: "The requested change was not made; the output is the source image with a corrupted band.",
};

function judge(
  random: Random,
  passed: boolean,
  flaw: Flaw,
): { scores: CriterionScores; overall: number; rationale: string } {
  for (;;) {
    const scores = Object.fromEntries(
      CRITERIA.map((c) => [c, round2(passed ? random.float(0.7, 0.98) : random.float(0.6, 0.92))]),
    ) as CriterionScores;
    if (passed && random.chance(0.3)) scores[random.pick(CRITERIA)] = round2(random.float(0.45, 0.7));
    if (!passed)
      for (const [criterion, [low, high]] of Object.entries(WEAK[flaw]))
        scores[criterion as keyof CriterionScores] = round2(random.float(low, high));
    const { overall, passed: verdict } = scoreEdit(scores);
    if (verdict !== passed) continue;
    const weakest = CRITERIA.reduce((a, b) => (scores[a] <= scores[b] ? a : b));
    const rationale = passed
      ? `The instruction is followed and the rest of the scene is kept. Weakest: ${CRITERION_LABELS[weakest].toLowerCase()} (${scores[weakest].toFixed(2)}).`
      : FLAW_RATIONALE[flaw];
    return { scores, overall, rationale };
  }
}

const round2 = (value: number) => Math.round(value * 100) / 100;

type Builder = { plan: DemoPlan; nextImage: number; nextEdit: number; taskKeys: Set<string> };

function addImage(builder: Builder, folder: string, scene: Scene): string {
  const uri = `demo/${folder}/${String(++builder.nextImage).padStart(6, "0")}.jpg`;
  builder.plan.images.set(uri, scene);
  return uri;
}

function attemptOnce(
  builder: Builder,
  random: Random,
  source: Scene,
  performed: Scene,
  editType: string,
  origin: Origin,
  attempt: number,
  folder: string,
) {
  const passed = random.chance(passRate(editType));
  const flaw = random.pick(["glitch", "smudge", "washout", "ignored"] as const);
  const scene = passed ? performed : flawed(source, performed, flaw, random);
  const { scores, overall, rationale } = judge(random, passed, flaw);
  const edit: PlannedEdit = {
    key: ++builder.nextEdit,
    attempt,
    output: addImage(builder, folder, scene),
    origin,
    scores,
    overall,
    judgeVerdict: passed ? "PASS" : "FAIL",
    rationale,
    humanVerdict: null,
  };
  return { edit, scene };
}

const TYPE_NAMES = EDIT_TYPES.map((t) => t.name);
const recipeOf = (name: string): Recipe => {
  const recipe = RECIPES[name];
  if (!recipe) throw new Error(`no demo recipe for edit type "${name}"`);
  return recipe;
};

// The release's type mix: each type as often as its SFT count in the paper, after one
// task of every type so that even a small demo shows all 35.
function pickEditType(random: Random, taskIndex: number, firstRound: string[]): string {
  if (taskIndex < firstRound.length) return firstRound[taskIndex] as string;
  let ticket = random.next() * TOTAL_SFT;
  for (const type of EDIT_TYPES) {
    ticket -= type.paperSftCount;
    if (ticket < 0) return type.name;
  }
  return TYPE_NAMES[TYPE_NAMES.length - 1] as string;
}
const TOTAL_SFT = EDIT_TYPES.reduce((sum, type) => sum + type.paperSftCount, 0);

function planSingleTurn(builder: Builder, random: Random, pool: { uri: string; scene: Scene }[], editType: string) {
  const recipe = recipeOf(editType);
  const reusable = pool.filter((s) => satisfies(s.scene, recipe.needs));
  let source = reusable.length && random.chance(0.45) ? random.pick(reusable) : undefined;
  let performed = source && recipe.perform(source.scene, random);
  // A task is unique on (source, long instruction): a repeat gets a new source instead.
  if (!source || !performed || builder.taskKeys.has(`${source.uri}\n${performed.long}`)) {
    const scene = makeScene(random, recipe.needs);
    source = { uri: addImage(builder, "source", scene), scene };
    pool.push(source);
    performed = recipe.perform(source.scene, random);
  }
  builder.taskKeys.add(`${source.uri}\n${performed.long}`);
  const edits: PlannedEdit[] = [];
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { edit } = attemptOnce(
      builder,
      random,
      source.scene,
      performed.scene,
      editType,
      "PREFERENCE_REJECTED",
      attempt,
      "edit",
    );
    edits.push(edit);
    if (edit.judgeVerdict === "PASS") break;
  }
  const last = edits[edits.length - 1] as PlannedEdit;
  if (last.judgeVerdict === "PASS") last.origin = edits.length === 1 ? "SFT" : "PREFERENCE_CHOSEN";
  // Some prompts are so short that the rewrite is the same text, as in the release.
  const short = random.chance(0.05) ? performed.long : performed.short;
  builder.plan.tasks.push({
    key: builder.plan.tasks.length + 1,
    source: source.uri,
    long: performed.long,
    short,
    editType,
    edits,
  });
}

function planSequence(builder: Builder, random: Random, turns: number) {
  let scene = makeScene(random, random.pick(["any", "person", "sign"] as const));
  let current = addImage(builder, "multi-turn", scene);
  const sequence: PlannedSequence = { original: current, taskKeys: [] };
  for (let turn = 1; turn <= turns; turn++) {
    const editType = random.pick(TYPE_NAMES.filter((name) => satisfies(scene, recipeOf(name).needs)));
    const performed = recipeOf(editType).perform(scene, random);
    const { edit, scene: output } = attemptOnce(
      builder,
      random,
      scene,
      performed.scene,
      editType,
      "MULTI_TURN",
      1,
      "multi-turn",
    );
    const key = builder.plan.tasks.length + 1;
    builder.plan.tasks.push({
      key,
      source: current,
      long: performed.short,
      short: performed.short,
      editType,
      edits: [edit],
    });
    sequence.taskKeys.push(key);
    scene = output;
    current = edit.output;
  }
  builder.plan.sequences.push(sequence);
}

// The release's own shape beside the demo judge's scores: the release scores nothing (an SFT
// or preference edit is passed or failed without criteria), leaves multi-turn turns without a
// verdict, and names images that are gone. Views must be right on both, so the demo holds
// both. Missing images are outputs of multi-turn turns, which are planned first and so are the
// oldest edits, away from the gallery's first screen.
const RELEASE_SHAPE = { unscored: 0.15, unjudgedTurns: 0.5, missingImages: 0.1 };

function planReleaseShape(builder: Builder, random: Random) {
  for (const task of builder.plan.tasks)
    for (const edit of task.edits) {
      const isTurn = edit.origin === "MULTI_TURN";
      if (!random.chance(isTurn ? RELEASE_SHAPE.unjudgedTurns : RELEASE_SHAPE.unscored)) continue;
      Object.assign(edit, { scores: null, overall: null, rationale: null }, isTurn ? { judgeVerdict: null } : {});
    }
  for (const task of builder.plan.tasks)
    for (const edit of task.edits)
      if (edit.origin === "MULTI_TURN" && random.chance(RELEASE_SHAPE.missingImages))
        builder.plan.missing.add(edit.output);
}

// Annotators revisit some edits the judge scored near the threshold and overturn a share.
function planReviews(builder: Builder, random: Random) {
  const notes = {
    PASS: "The change is there and clean enough; the judge was too strict.",
    FAIL: "Visible defect the judge missed.",
  };
  for (const task of builder.plan.tasks)
    for (const edit of task.edits) {
      if (edit.overall === null || edit.judgeVerdict === null) continue;
      if (Math.abs(edit.overall - PASS_THRESHOLD) > 0.06 || !random.chance(0.35)) continue;
      const verdict: Verdict = random.chance(0.4)
        ? edit.judgeVerdict === "PASS"
          ? "FAIL"
          : "PASS"
        : edit.judgeVerdict;
      builder.plan.reviews.push({
        editKey: edit.key,
        reviewer: random.pick(["alice@demo.local", "bob@demo.local"]),
        verdict,
        note: verdict === edit.judgeVerdict ? "Agree with the judge." : notes[verdict],
      });
      edit.humanVerdict = verdict;
    }
}

export function planDemo(options: { tasks: number; seed: number }): DemoPlan {
  const random = createRandom(options.seed);
  const builder: Builder = {
    plan: {
      images: new Map(),
      missing: new Set(),
      tasks: [],
      sequences: [],
      reviews: [],
      users: DEMO_USERS,
    },
    nextImage: 0,
    nextEdit: 0,
    taskKeys: new Set(),
  };
  // About a fifth of the tasks are turns of multi-turn sessions, as in the release.
  const turnBudget = Math.round(options.tasks * 0.2);
  const sequenceRandom = random.fork("sequences");
  let turnsPlanned = 0;
  while (turnBudget - turnsPlanned >= 2) {
    const turns = Math.min(sequenceRandom.int(2, 5), turnBudget - turnsPlanned);
    planSequence(builder, sequenceRandom, turns);
    turnsPlanned += turns;
  }
  const singleRandom = random.fork("single-turn");
  const pool: { uri: string; scene: Scene }[] = [];
  const firstRound = singleRandom.shuffle(TYPE_NAMES);
  for (let index = 0; builder.plan.tasks.length < options.tasks; index++)
    planSingleTurn(builder, singleRandom, pool, pickEditType(singleRandom, index, firstRound));
  planReleaseShape(builder, random.fork("release-shape"));
  planReviews(builder, random.fork("reviews"));
  return builder.plan;
}
