import { describe, expect, it } from "vitest";

import { detectKind, MAX_ATTEMPT, MAX_INSTRUCTION_LENGTH, parseLine } from "./records";

const SOURCE = "https://farm4.staticflickr.com/1234/5678_abcd_o.jpg";
const sft = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    open_image_input_url: SOURCE,
    text: "Remove the red car parked on the left side of the street, filling the area with road.",
    output_image: "images/positive-edit/17.png",
    edit_type: "Remove an existing object",
    summarized_text: "Remove the red car.",
    ...overrides,
  });
const preference = (overrides: Record<string, unknown> = {}) =>
  JSON.stringify({
    output_image: "images/positive-edit/kewsft_retry2.png",
    rejected_images: ["nano-banana-300k/images/rejected-edit/14.png"],
    text: "Make it winter.",
    edit_type: "Apply seasonal transformation (summer ↔ winter)",
    open_image_input_url: SOURCE,
    summarized_text: "Make it winter.",
    ...overrides,
  });
const multiTurn = (
  files: { id: string; url: string }[],
  prompts: unknown = ["Make the sky stormy", "Add a red kite in it", "Turn it into a watercolor"],
) => JSON.stringify({ files, metadata_edit_turn_prompts: prompts });
const FILES = [
  { id: "edit_turn1", url: "images/multi-turn/7_attemptA_turn1.png" },
  { id: "edit_turn2", url: "images/multi-turn/7_attemptA_turn2.png" },
  { id: "final_image", url: "images/multi-turn/7_attemptA_turn3.png" },
  { id: "original_input_image", url: SOURCE },
];

describe("valid records", () => {
  it("reads an SFT record", () => {
    expect(parseLine(sft({ local_input_image: "openimages/train/5678.jpg" }), "sft")).toEqual({
      ok: true,
      record: {
        kind: "sft",
        task: {
          sourceUri: SOURCE,
          sourceLocal: "openimages/train/5678.jpg",
          long: "Remove the red car parked on the left side of the street, filling the area with road.",
          short: "Remove the red car.",
          editType: "Remove an existing object",
        },
        output: "images/positive-edit/17.png",
      },
    });
  });

  it("reads a preference record, stripping the bucket prefix of rejected paths", () => {
    const parsed = parseLine(preference(), "preference");
    expect(parsed).toMatchObject({
      ok: true,
      record: {
        kind: "preference",
        chosen: "images/positive-edit/kewsft_retry2.png",
        rejected: ["images/rejected-edit/14.png"],
      },
    });
    expect(
      parsed.ok && parsed.record.kind === "preference" && parsed.record.task.long === parsed.record.task.short,
    ).toBe(true);
  });

  it("takes edit-type strings with apostrophe, en-dash and arrow exactly", () => {
    for (const type of [
      "Change an object's attribute (e.g., color/material)",
      "Funko-Pop–style toy figure of the person",
      "Modern ↔ historical style/look",
    ]) {
      expect(parseLine(sft({ edit_type: type }), "sft").ok, type).toBe(true);
    }
  });

  it("reads a multi-turn record: turn k is edit_turnk, the last turn final_image", () => {
    expect(parseLine(multiTurn(FILES), "multi-turn")).toEqual({
      ok: true,
      record: {
        kind: "multi-turn",
        originalUri: SOURCE,
        originalLocal: null,
        turns: [
          { prompt: "Make the sky stormy", output: "images/multi-turn/7_attemptA_turn1.png" },
          { prompt: "Add a red kite in it", output: "images/multi-turn/7_attemptA_turn2.png" },
          { prompt: "Turn it into a watercolor", output: "images/multi-turn/7_attemptA_turn3.png" },
        ],
      },
    });
  });

  it("detects the kind of a record from its keys", () => {
    expect(detectKind(JSON.parse(sft()))).toBe("sft");
    expect(detectKind(JSON.parse(preference()))).toBe("preference");
    expect(detectKind(JSON.parse(multiTurn(FILES)))).toBe("multi-turn");
    expect(detectKind({ hello: 1 })).toBeNull();
    expect(detectKind([1])).toBeNull();
  });
});

describe("bad lines", () => {
  const reason = (line: string, kind: "sft" | "preference" | "multi-turn" = "sft") => {
    const parsed = parseLine(line, kind);
    return parsed.ok ? "accepted" : parsed.reason;
  };

  it("broken JSON", () => {
    expect(reason('{"text": "unfinished')).toMatch(/^broken JSON: /);
  });

  it("a missing or mistyped key", () => {
    const { text: _text, ...withoutText } = JSON.parse(sft());
    expect(reason(JSON.stringify(withoutText))).toBe('"text" is missing');
    expect(reason(sft({ summarized_text: 42 }))).toBe('"summarized_text" must be a string, got a number');
    expect(reason(preference({ rejected_images: "images/x.png" }), "preference")).toBe(
      '"rejected_images" must be a list of paths, got a string',
    );
    expect(reason(preference({ rejected_images: [] }), "preference")).toBe('"rejected_images" is empty');
    expect(reason("[1, 2]")).toBe("a record must be a JSON object, got a list");
  });

  it("an unknown edit type, with the exact string when it is a near miss", () => {
    expect(reason(sft({ edit_type: "Make it pop" }))).toBe('"edit_type" "Make it pop" is not one of the 35 edit types');
    expect(reason(sft({ edit_type: "Funko-Pop-style toy figure of the person" }))).toBe(
      '"edit_type" "Funko-Pop-style toy figure of the person" is not one of the 35 edit types (did you mean "Funko-Pop–style toy figure of the person"?)',
    );
  });

  it("an empty instruction and an oversized field", () => {
    expect(reason(sft({ summarized_text: "  " }))).toBe('"summarized_text" is empty');
    expect(reason(sft({ text: "x".repeat(MAX_INSTRUCTION_LENGTH + 1) }))).toBe(
      `"text" is longer than ${MAX_INSTRUCTION_LENGTH} characters`,
    );
  });

  it("a malformed URL or path", () => {
    expect(reason(sft({ open_image_input_url: "farm4.staticflickr.com/1.jpg" }))).toBe(
      '"open_image_input_url": "farm4.staticflickr.com/1.jpg" is not a URL',
    );
    expect(reason(sft({ output_image: "../../etc/passwd" }))).toBe(
      '"output_image": "../../etc/passwd" is not a relative image path',
    );
    expect(reason(preference({ rejected_images: ["images/ok.png", "/abs.png"] }), "preference")).toBe(
      '"rejected_images[1]": "/abs.png" is not a relative image path',
    );
  });

  it("a multi-turn record without its original image or a turn's image", () => {
    expect(reason(multiTurn(FILES.filter((f) => f.id !== "original_input_image")), "multi-turn")).toBe(
      '"files" has no original_input_image',
    );
    expect(reason(multiTurn(FILES.filter((f) => f.id !== "edit_turn2")), "multi-turn")).toBe(
      '"files" has no edit_turn2 for turn 2 of 3',
    );
    expect(reason(multiTurn(FILES, []), "multi-turn")).toBe('"metadata_edit_turn_prompts" is empty');
    expect(reason(multiTurn(FILES, ["a", "", "c"]), "multi-turn")).toBe('"metadata_edit_turn_prompts[1]" is empty');
  });

  it("a record of another kind than the file's", () => {
    expect(reason(preference(), "sft")).toBe("this is a preference record, but the file holds sft records");
  });

  it("a NUL, a control character or a lone surrogate in any string field, by its name", () => {
    const bad = { nul: "\0", escape: "\x1b", del: "\x7f", c1: "\x9b", lone: "\ud800" };
    const fields = {
      sft: ["open_image_input_url", "text", "summarized_text", "output_image", "edit_type", "local_input_image"],
      preference: ["output_image", "rejected_images[0]"],
    };
    for (const [what, char] of Object.entries(bad)) {
      for (const field of fields.sft) {
        const value = field === "edit_type" ? `Zoom in${char}` : `${JSON.parse(sft())[field] ?? "a/b.jpg"}${char}`;
        expect(reason(sft({ [field]: value })), `${what} in ${field}`).toMatch(
          new RegExp(`^"${field}" contains (a NUL character|the control character|a lone surrogate)`),
        );
      }
      expect(reason(preference({ rejected_images: [`images/x${char}.png`] }), "preference"), what).toMatch(
        /^"rejected_images\[0\]" contains /,
      );
      const files = FILES.map((file) => (file.id === "edit_turn2" ? { ...file, url: `${file.url}${char}` } : file));
      expect(reason(multiTurn(files), "multi-turn"), what).toMatch(/^"files\[1\]\.url" contains /);
      expect(reason(multiTurn(FILES, ["a", `b${char}`, "c"]), "multi-turn"), what).toMatch(
        /^"metadata_edit_turn_prompts\[1\]" contains /,
      );
    }
    expect(reason(sft({ text: "Remove \0 the car" }))).toBe('"text" contains a NUL character (U+0000) at character 8');
    expect(reason(sft({ summarized_text: "Remove the car \ud83d" }))).toBe(
      '"summarized_text" contains a lone surrogate (\\ud83d) at character 16, which is not valid Unicode',
    );
    expect(reason(sft({ output_image: "images/a\nb.png" }))).toBe(
      '"output_image" contains a line break (U+000A) at character 9',
    );
  });

  it("takes line breaks and tabs in an instruction, as text", () => {
    const parsed = parseLine(sft({ text: "Remove the car.\nThen\tcrop." }), "sft");
    expect(parsed.ok && parsed.record.kind === "sft" && parsed.record.task.long).toBe("Remove the car.\nThen\tcrop.");
  });

  it("a raw NUL byte, broken or trailing JSON, and a value that is not an object", () => {
    const withNul = sft().replace("Remove the red car.", "Remove the\0 red car.");
    expect(reason(withNul)).toBe(`a raw NUL byte at character ${withNul.indexOf("\0") + 1}, which JSON does not allow`);
    expect(reason(`${sft()} {}`)).toMatch(/^broken JSON: /);
    for (const [line, got] of [
      ["null", "null"],
      ['"text"', "a string"],
      ["42", "a number"],
      ["[]", "a list"],
    ])
      expect(reason(line as string)).toBe(`a record must be a JSON object, got ${got}`);
    expect(reason("{}")).toBe('"open_image_input_url" is missing');
    // Nested deeper than JSON.stringify could write it.
    const deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
    expect(reason(deep)).toBe("a record must be a JSON object, got a list");
    expect(reason(sft({ text: "deep" }).replace('"deep"', deep))).toBe('"text" must be a string, got a list');
  });

  it("numbers for strings and strings for lists", () => {
    expect(reason(sft({ output_image: 1e308 }))).toBe('"output_image" must be a string, got a number');
    expect(reason(sft().replace('"Remove the red car."', "1e400"))).toBe(
      '"summarized_text" must be a string, got a number',
    );
    expect(reason(multiTurn([["original_input_image", SOURCE]] as never), "multi-turn")).toBe(
      '"files[0]" must be an object, got a list',
    );
  });

  it("a retry number too large for an attempt", () => {
    expect(reason(sft({ output_image: `images/x_retry${MAX_ATTEMPT}.png` }))).toBe("accepted");
    expect(reason(sft({ output_image: "images/x_retry99999999999.png" }))).toBe(
      `"output_image": retry number 99999999999 is over ${MAX_ATTEMPT}`,
    );
  });

  it("a multi-turn record that comes back to one of its own turns", () => {
    const files = [
      { id: "original_input_image", url: SOURCE },
      { id: "edit_turn1", url: "images/multi-turn/b.png" },
      { id: "edit_turn2", url: SOURCE },
      { id: "final_image", url: "images/multi-turn/b.png" },
    ];
    expect(reason(multiTurn(files, ["Snow", "Undo", "Snow"]), "multi-turn")).toBe(
      "turn 3 repeats turn 1 (the same image, instruction and output)",
    );
    expect(reason(multiTurn(files, ["Snow", "Undo", "Snow again"]), "multi-turn")).toBe("accepted");
  });
});
