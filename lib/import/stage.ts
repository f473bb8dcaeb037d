import { attemptFromName } from "../pico/paths";
import type { PicoRecord } from "../pico/records";
import { instructionHash } from "../pico/task-key";

// A released record as the rows it becomes: one per edit, each carrying its task's
// fields. Pure, so that the mapping is tested without a database.

export type Origin = "SFT" | "PREFERENCE_CHOSEN" | "PREFERENCE_REJECTED" | "MULTI_TURN";
export type StageRow = {
  line: number;
  sourceUri: string;
  sourceLocal: string | null;
  long: string;
  short: string;
  taskHash: string;
  editType: string | null;
  outputUri: string;
  attempt: number;
  origin: Origin;
  // The verdict implied by where the record sits; null for multi-turn turns, which the
  // release gives none.
  passed: boolean | null;
  sequenceKey: string | null;
  sequenceOriginal: string | null;
  turn: number | null;
};

// The judge named on verdicts that come from the release's layout, not from scores.
export const RELEASE_JUDGE = "release";

export function stageRows(record: PicoRecord, line: number): StageRow[] {
  if (record.kind === "multi-turn") {
    const sequenceKey = instructionHash(
      [record.originalUri, ...record.turns.flatMap((t) => [t.prompt, t.output])].join("\n"),
    );
    return record.turns.map((turn, index) => ({
      line,
      sourceUri: index === 0 ? record.originalUri : (record.turns[index - 1]?.output as string),
      sourceLocal: index === 0 ? record.originalLocal : null,
      long: turn.prompt,
      short: turn.prompt,
      taskHash: instructionHash(turn.prompt),
      editType: null,
      outputUri: turn.output,
      attempt: attemptFromName(turn.output) ?? 1,
      origin: "MULTI_TURN",
      passed: null,
      sequenceKey,
      sequenceOriginal: record.originalUri,
      turn: index + 1,
    }));
  }
  const { task } = record;
  const base = {
    line,
    sourceUri: task.sourceUri,
    sourceLocal: task.sourceLocal,
    long: task.long,
    short: task.short,
    taskHash: instructionHash(task.long),
    editType: task.editType,
    sequenceKey: null,
    sequenceOriginal: null,
    turn: null,
  };
  if (record.kind === "sft")
    return [
      { ...base, outputUri: record.output, attempt: attemptFromName(record.output) ?? 1, origin: "SFT", passed: true },
    ];
  // Failed attempts came before the success: rejected i is attempt i + 1 unless its
  // name says otherwise, and the chosen one follows them.
  return [
    ...record.rejected.map((output, index) => ({
      ...base,
      outputUri: output,
      attempt: attemptFromName(output) ?? index + 1,
      origin: "PREFERENCE_REJECTED" as const,
      passed: false,
    })),
    {
      ...base,
      outputUri: record.chosen,
      attempt: attemptFromName(record.chosen) ?? record.rejected.length + 1,
      origin: "PREFERENCE_CHOSEN",
      passed: true,
    },
  ];
}
