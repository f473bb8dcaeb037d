import { describe, expect, it } from "vitest";

import { instructionHash } from "../pico/task-key";
import { stageRows } from "./stage";

const task = {
  sourceUri: "https://farm1.staticflickr.com/1/1_o.jpg",
  sourceLocal: null,
  long: "Make the sky stormy and dark.",
  short: "Stormy sky.",
  editType: "Change weather conditions (sunny/rainy/snowy)",
};

describe("stageRows", () => {
  it("gives an SFT record one passing edit, attempt from the retry suffix", () => {
    const [row, ...rest] = stageRows({ kind: "sft", task, output: "images/positive-edit/x_retry3.png" }, 7);
    expect(rest).toEqual([]);
    expect(row).toMatchObject({
      line: 7,
      origin: "SFT",
      passed: true,
      attempt: 3,
      taskHash: instructionHash(task.long),
      editType: task.editType,
    });
  });

  it("puts a preference record's rejected attempts before the chosen one", () => {
    const rows = stageRows(
      {
        kind: "preference",
        task,
        chosen: "images/positive-edit/9.png",
        rejected: ["images/rejected-edit/1.png", "images/rejected-edit/2_retry2.png"],
      },
      3,
    );
    expect(rows.map((r) => [r.outputUri, r.origin, r.attempt, r.passed])).toEqual([
      ["images/rejected-edit/1.png", "PREFERENCE_REJECTED", 1, false],
      ["images/rejected-edit/2_retry2.png", "PREFERENCE_REJECTED", 2, false],
      ["images/positive-edit/9.png", "PREFERENCE_CHOSEN", 3, true],
    ]);
    expect(new Set(rows.map((r) => r.taskHash)).size).toBe(1);
  });

  it("chains multi-turn turns on the previous output, with no type or verdict", () => {
    const rows = stageRows(
      {
        kind: "multi-turn",
        originalUri: task.sourceUri,
        originalLocal: "local/1.jpg",
        turns: [
          { prompt: "Make it night", output: "images/multi-turn/a1.png" },
          { prompt: "Add stars", output: "images/multi-turn/a2.png" },
        ],
      },
      12,
    );
    expect(
      rows.map((r) => [r.turn, r.sourceUri, r.sourceLocal, r.outputUri, r.long, r.short, r.editType, r.passed]),
    ).toEqual([
      [1, task.sourceUri, "local/1.jpg", "images/multi-turn/a1.png", "Make it night", "Make it night", null, null],
      [2, "images/multi-turn/a1.png", null, "images/multi-turn/a2.png", "Add stars", "Add stars", null, null],
    ]);
    expect(rows[0]?.sequenceKey).toBe(rows[1]?.sequenceKey);
    expect(rows[0]?.sequenceKey).toMatch(/^[0-9a-f]{64}$/);
  });
});
