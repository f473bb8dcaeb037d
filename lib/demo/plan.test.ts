import { describe, expect, it } from "vitest";

import { EDIT_TYPES } from "../taxonomy/taxonomy";
import { RECIPES } from "./edits";
import { planDemo, type DemoPlan } from "./plan";
import { createRandom } from "./random";
import { renderSvg } from "./scene";

const snapshot = (plan: DemoPlan) => JSON.stringify({ ...plan, images: [...plan.images.entries()] });

describe("planDemo", () => {
  it("is the same for the same seed and differs for another", () => {
    const first = planDemo({ tasks: 120, seed: 5 });
    expect(snapshot(planDemo({ tasks: 120, seed: 5 }))).toBe(snapshot(first));
    expect(snapshot(planDemo({ tasks: 120, seed: 6 }))).not.toBe(snapshot(first));
  });

  it("makes exactly the tasks asked for, with 1 to 3 attempts ending at the first pass", () => {
    const plan = planDemo({ tasks: 300, seed: 1 });
    expect(plan.tasks).toHaveLength(300);
    for (const task of plan.tasks) {
      expect(task.edits.length).toBeGreaterThanOrEqual(1);
      expect(task.edits.length).toBeLessThanOrEqual(3);
      expect(task.edits.slice(0, -1).every((e) => e.judgeVerdict === "FAIL")).toBe(true);
    }
  });

  it("labels each attempt with the subset it would sit in", () => {
    const plan = planDemo({ tasks: 300, seed: 2 });
    const turnTasks = new Set(plan.sequences.flatMap((s) => s.taskKeys));
    for (const task of plan.tasks) {
      const origins = task.edits.map((e) => e.origin);
      if (turnTasks.has(task.key)) expect(origins).toEqual(["MULTI_TURN"]);
      else if (origins.length === 1 && task.edits[0]?.judgeVerdict === "PASS") expect(origins).toEqual(["SFT"]);
      else {
        const last = task.edits[task.edits.length - 1];
        expect(origins.slice(0, -1).every((o) => o === "PREFERENCE_REJECTED")).toBe(true);
        expect(last?.origin).toBe(last?.judgeVerdict === "PASS" ? "PREFERENCE_CHOSEN" : "PREFERENCE_REJECTED");
      }
    }
    expect(plan.sequences.length).toBeGreaterThan(0);
    for (const sequence of plan.sequences) expect(sequence.taskKeys.length).toBeGreaterThanOrEqual(2);
    for (const sequence of plan.sequences) expect(sequence.taskKeys.length).toBeLessThanOrEqual(5);
  });

  it("uses all 35 edit types even in a small demo, with long and short instructions", () => {
    const plan = planDemo({ tasks: 100, seed: 1 });
    expect(new Set(plan.tasks.map((t) => t.editType)).size).toBe(35);
    const shortest = plan.tasks.filter((t) => t.long.length > t.short.length);
    expect(shortest.length / plan.tasks.length).toBeGreaterThan(0.75);
    expect(plan.tasks.some((t) => t.long === t.short)).toBe(true);
  });

  it("passes attempts at the paper's rate per type, and about 0.75 elsewhere", () => {
    const plan = planDemo({ tasks: 12_000, seed: 9 });
    const byType = new Map<string, { passed: number; total: number }>();
    for (const task of plan.tasks)
      for (const edit of task.edits) {
        // Turns left without a verdict, as in the release, were not judged at all.
        if (edit.judgeVerdict === null) continue;
        const figures = byType.get(task.editType) ?? { passed: 0, total: 0 };
        figures.total++;
        if (edit.judgeVerdict === "PASS") figures.passed++;
        byType.set(task.editType, figures);
      }
    for (const type of EDIT_TYPES) {
      const figures = byType.get(type.name);
      expect(figures, type.name).toBeDefined();
      const total = figures?.total ?? 1;
      const rate = (figures?.passed ?? 0) / total;
      const expected = type.paperSuccessRate ?? 0.75;
      // Within four standard errors of a binomial draw: rare types get few attempts.
      const tolerance = 4 * Math.sqrt((expected * (1 - expected)) / total);
      expect(Math.abs(rate - expected), `${type.name}: ${rate.toFixed(3)} of ${total}`).toBeLessThan(tolerance);
    }
  });
});

describe("the release's shape", () => {
  it("leaves a share of edits unscored, of turns without a verdict, and of images undrawn", () => {
    const plan = planDemo({ tasks: 2_000, seed: 3 });
    const edits = plan.tasks.flatMap((task) => task.edits);
    const turns = edits.filter((edit) => edit.origin === "MULTI_TURN");
    const single = edits.filter((edit) => edit.origin !== "MULTI_TURN");
    const share = (part: unknown[], whole: unknown[]) => part.length / whole.length;
    // Unscored single-turn edits keep their verdict: passed or failed without criteria.
    const unscored = single.filter((edit) => edit.scores === null);
    expect(share(unscored, single)).toBeGreaterThan(0.1);
    expect(share(unscored, single)).toBeLessThan(0.2);
    expect(unscored.every((edit) => edit.overall === null && edit.judgeVerdict !== null)).toBe(true);
    const unjudged = turns.filter((edit) => edit.judgeVerdict === null);
    expect(share(unjudged, turns)).toBeGreaterThan(0.4);
    expect(share(unjudged, turns)).toBeLessThan(0.6);
    expect(unjudged.every((edit) => edit.scores === null && edit.humanVerdict === null)).toBe(true);
    // Missing images are outputs of turns, the oldest edits, never on the gallery's first screen.
    const missing = edits.filter((edit) => plan.missing.has(edit.output));
    expect(share(missing, turns)).toBeGreaterThan(0.05);
    expect(missing.every((edit) => edit.origin === "MULTI_TURN")).toBe(true);
    // Reviews are of edits with scores, near the threshold.
    const reviewed = new Set(plan.reviews.map((review) => review.editKey));
    expect(edits.filter((edit) => reviewed.has(edit.key)).every((edit) => edit.overall !== null)).toBe(true);
  });
});

describe("recipes", () => {
  it("cover every edit type of the taxonomy and nothing else", () => {
    expect(Object.keys(RECIPES).sort()).toEqual(EDIT_TYPES.map((t) => t.name).sort());
  });

  it("each change the picture they are given", () => {
    const plan = planDemo({ tasks: 600, seed: 4 });
    for (const task of plan.tasks.filter((t) => t.edits[0]?.origin !== "MULTI_TURN")) {
      const source = plan.images.get(task.source);
      const recipe = RECIPES[task.editType];
      if (!source || !recipe) throw new Error(`missing source or recipe for task ${task.key}`);
      const performed = recipe.perform(source, createRandom(task.key));
      const changed =
        renderSvg(performed.scene) !== renderSvg(source) ||
        JSON.stringify(performed.scene.filters) !== JSON.stringify(source.filters);
      expect(changed, `${task.editType}: ${performed.short}`).toBe(true);
    }
  });
});
