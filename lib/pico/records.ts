import { z } from "zod";

import { EDIT_TYPES } from "../taxonomy/taxonomy";
import { attemptFromName, checkUrl, MAX_URI_LENGTH, normalizeImagePath } from "./paths";
import { instructionHash } from "./task-key";
import { parseJsonLine, textField, typeOf } from "./text";

// The three record kinds of the released files (pico/FORMAT.md), validated line by line.
// A bad line gets one reason a person can act on; nothing about it is guessed.

export const RECORD_KINDS = ["sft", "preference", "multi-turn"] as const;
export type RecordKind = (typeof RECORD_KINDS)[number];

export const MAX_INSTRUCTION_LENGTH = 20_000;
// Highest attempt a "_retryN" file name may give: the release's go to 3, and the column
// is a 4-byte integer that "_retry99999999999" would overflow.
export const MAX_ATTEMPT = 1000;

export type TaskFields = {
  sourceUri: string;
  sourceLocal: string | null;
  long: string;
  short: string;
  editType: string;
};
export type SftRecord = { kind: "sft"; task: TaskFields; output: string };
export type PreferenceRecord = { kind: "preference"; task: TaskFields; chosen: string; rejected: string[] };
export type MultiTurnRecord = {
  kind: "multi-turn";
  originalUri: string;
  originalLocal: string | null;
  turns: { prompt: string; output: string }[];
};
export type PicoRecord = SftRecord | PreferenceRecord | MultiTurnRecord;
export type Parsed<T> = { ok: true; record: T } | { ok: false; reason: string };

const nameText = (max: number) => textField(max, "name");
const instruction = () =>
  textField(MAX_INSTRUCTION_LENGTH, "prose").refine((value) => value.trim() !== "", { error: "is empty" });

const EDIT_TYPE_NAMES = new Set(EDIT_TYPES.map((t) => t.name));
// Loose form of a type name: the usual ways an exact string gets mangled (hyphen for
// en-dash, curly apostrophe, "<->" for the arrow, case).
const loose = (name: string) =>
  name
    .toLowerCase()
    .replace(/[\u2010-\u2015]/g, "-")
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\s*(↔|<->|<=>)\s*/g, " <-> ");
const LOOSE_NAMES = new Map(EDIT_TYPES.map((t) => [loose(t.name), t.name]));

const editType = nameText(200).superRefine((value, ctx) => {
  if (EDIT_TYPE_NAMES.has(value)) return;
  const near = LOOSE_NAMES.get(loose(value));
  ctx.addIssue({
    code: "custom",
    message: `"${value.slice(0, 120)}" is not one of the 35 edit types${near ? ` (did you mean "${near}"?)` : ""}`,
  });
});

const taskShape = {
  open_image_input_url: nameText(MAX_URI_LENGTH),
  text: instruction(),
  summarized_text: instruction(),
  edit_type: editType,
  local_input_image: nameText(MAX_URI_LENGTH).optional(),
};

const sftSchema = z.object({ ...taskShape, output_image: nameText(MAX_URI_LENGTH) });
const preferenceSchema = z.object({
  ...taskShape,
  output_image: nameText(MAX_URI_LENGTH),
  rejected_images: z
    .array(nameText(MAX_URI_LENGTH), {
      error: (issue) =>
        issue.input === undefined ? "is missing" : `must be a list of paths, got ${typeOf(issue.input)}`,
    })
    .min(1, { error: "is empty" })
    .max(3, { error: "has more than 3 paths" }),
});
const multiTurnSchema = z.object({
  files: z
    .array(
      z.object(
        { id: nameText(100), url: nameText(MAX_URI_LENGTH) },
        { error: (issue) => `must be an object, got ${typeOf(issue.input)}` },
      ),
      {
        error: (issue) => (issue.input === undefined ? "is missing" : `must be a list, got ${typeOf(issue.input)}`),
      },
    )
    .max(50, { error: "has more than 50 entries" }),
  metadata_edit_turn_prompts: z
    .array(instruction(), {
      error: (issue) => (issue.input === undefined ? "is missing" : `must be a list, got ${typeOf(issue.input)}`),
    })
    .min(1, { error: "is empty" })
    .max(20, { error: "has more than 20 turns" }),
  local_input_image: nameText(MAX_URI_LENGTH).optional(),
});

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid record";
  const key = issue.path
    .map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`))
    .join("")
    .replace(/^\./, "");
  return key ? `"${key}" ${issue.message}` : issue.message;
}

// Which kind of record an object is, by its keys; null when it is none of them.
export function detectKind(value: unknown): RecordKind | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  if ("files" in value || "metadata_edit_turn_prompts" in value) return "multi-turn";
  if ("rejected_images" in value) return "preference";
  if ("output_image" in value || "text" in value) return "sft";
  return null;
}

function source(url: string, local: string | undefined): Parsed<{ uri: string; local: string | null }> {
  const checked = checkUrl(url);
  if (!checked.ok) return { ok: false, reason: `"open_image_input_url": ${checked.reason}` };
  if (local === undefined) return { ok: true, record: { uri: url, local: null } };
  const localPath = normalizeImagePath(local);
  if (!localPath.ok) return { ok: false, reason: `"local_input_image": ${localPath.reason}` };
  return { ok: true, record: { uri: url, local: localPath.uri } };
}

function imagePath(key: string, value: string): Parsed<string> {
  const checked = normalizeImagePath(value);
  if (!checked.ok) return { ok: false, reason: `"${key}": ${checked.reason}` };
  const attempt = attemptFromName(checked.uri);
  if (attempt !== null && attempt > MAX_ATTEMPT)
    return { ok: false, reason: `"${key}": retry number ${attempt} is over ${MAX_ATTEMPT}` };
  return { ok: true, record: checked.uri };
}

export function parseRecord(value: unknown, kind: RecordKind): Parsed<PicoRecord> {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return { ok: false, reason: `a record must be a JSON object, got ${typeOf(value)}` };
  const found = detectKind(value);
  if (found && found !== kind)
    return { ok: false, reason: `this is a ${found} record, but the file holds ${kind} records` };
  if (kind === "multi-turn") return parseMultiTurn(value);
  const parsed = (kind === "sft" ? sftSchema : preferenceSchema).safeParse(value);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  const data = parsed.data;
  const src = source(data.open_image_input_url, data.local_input_image);
  if (!src.ok) return src;
  const task: TaskFields = {
    sourceUri: src.record.uri,
    sourceLocal: src.record.local,
    long: data.text,
    short: data.summarized_text,
    editType: data.edit_type,
  };
  const output = imagePath("output_image", data.output_image);
  if (!output.ok) return output;
  if (kind === "sft") return { ok: true, record: { kind, task, output: output.record } };
  const rejected: string[] = [];
  const rejectedPaths: string[] = "rejected_images" in data ? (data.rejected_images as string[]) : [];
  for (const [index, path] of rejectedPaths.entries()) {
    const checked = imagePath(`rejected_images[${index}]`, path);
    if (!checked.ok) return checked;
    if (checked.record === output.record)
      return { ok: false, reason: `"rejected_images[${index}]" is the chosen output_image itself` };
    rejected.push(checked.record);
  }
  return { ok: true, record: { kind: "preference", task, chosen: output.record, rejected } };
}

function parseMultiTurn(value: object): Parsed<MultiTurnRecord> {
  const parsed = multiTurnSchema.safeParse(value);
  if (!parsed.success) return { ok: false, reason: firstIssue(parsed.error) };
  const files = new Map(parsed.data.files.map((file) => [file.id, file.url]));
  const original = files.get("original_input_image");
  if (original === undefined) return { ok: false, reason: `"files" has no original_input_image` };
  const src = source(original, parsed.data.local_input_image);
  if (!src.ok) return { ok: false, reason: src.reason.replace('"open_image_input_url"', '"original_input_image"') };
  const prompts = parsed.data.metadata_edit_turn_prompts;
  const turns: { prompt: string; output: string }[] = [];
  // A turn is an edit (its source, instruction and output), and an edit is a turn of one
  // sequence only: a record that comes back to an earlier turn cannot be stored.
  const seenTurns = new Map<string, number>();
  for (const [index, prompt] of prompts.entries()) {
    // Turn k's image is edit_turnk, but the last turn's is final_image.
    const id = index === prompts.length - 1 ? "final_image" : `edit_turn${index + 1}`;
    const url = files.get(id);
    if (url === undefined)
      return { ok: false, reason: `"files" has no ${id} for turn ${index + 1} of ${prompts.length}` };
    const output = imagePath(`files.${id}`, url);
    if (!output.ok) return output;
    const source = index === 0 ? src.record.uri : (turns[index - 1]?.output as string);
    const key = `${source}\n${instructionHash(prompt)}\n${output.record}`;
    const earlier = seenTurns.get(key);
    if (earlier !== undefined)
      return {
        ok: false,
        reason: `turn ${index + 1} repeats turn ${earlier} (the same image, instruction and output)`,
      };
    seenTurns.set(key, index + 1);
    turns.push({ prompt, output: output.record });
  }
  return {
    ok: true,
    record: { kind: "multi-turn", originalUri: src.record.uri, originalLocal: src.record.local, turns },
  };
}

// One line of a JSONL file. The caller strips the BOM and line ends.
export function parseLine(line: string, kind: RecordKind): Parsed<PicoRecord> {
  const json = parseJsonLine(line);
  return json.ok ? parseRecord(json.value, kind) : json;
}
