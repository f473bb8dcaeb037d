import { describe, expect, it } from "vitest";

import { findBadCharacter, parseJsonLine, printable } from "./text";

describe("findBadCharacter", () => {
  it("takes ordinary text, any script and emoji included", () => {
    for (const text of ["Remove the red car.", "Mach es winterlich – bitte", "把天空变成紫色", "Add a 🐶 (dog)", ""])
      expect([findBadCharacter(text, "prose"), findBadCharacter(text, "name")], text).toEqual([null, null]);
  });

  it("refuses NUL, every other C0 control, DEL and C1 controls, naming the place", () => {
    expect(findBadCharacter("ab\0c", "prose")).toBe("contains a NUL character (U+0000) at character 3");
    expect(findBadCharacter("\x1b[31mred", "prose")).toBe("contains the control character U+001B at character 1");
    expect(findBadCharacter("a\x7f", "name")).toBe("contains the control character U+007F at character 2");
    expect(findBadCharacter("a\x85b", "prose")).toBe("contains the control character U+0085 at character 2");
    const controls = [...Array(0x20).keys(), ...Array.from({ length: 0x21 }, (_, i) => 0x7f + i)];
    for (const code of controls) {
      const text = `x${String.fromCharCode(code)}`;
      expect(findBadCharacter(text, "name"), code.toString(16)).not.toBeNull();
      expect(findBadCharacter(text, "prose") === null, code.toString(16)).toBe([0x09, 0x0a, 0x0d].includes(code));
    }
    expect(findBadCharacter("x\xa0y", "name")).toBeNull();
  });

  it("lets prose hold tab and line breaks, but not a name or a path", () => {
    expect(findBadCharacter("First this.\r\nThen\tthat.", "prose")).toBeNull();
    expect(findBadCharacter("images/a\nb.png", "name")).toBe("contains a line break (U+000A) at character 9");
    expect(findBadCharacter("gpt\t4", "name")).toBe("contains the control character U+0009 at character 4");
  });

  it("refuses a lone surrogate, which has no UTF-8 form, and takes a pair", () => {
    expect(findBadCharacter("a\ud83d\udc36b", "name")).toBeNull();
    expect(findBadCharacter("a\ud800b", "prose")).toBe(
      "contains a lone surrogate (\\ud800) at character 2, which is not valid Unicode",
    );
    expect(findBadCharacter("ab\udc00", "prose")).toBe(
      "contains a lone surrogate (\\udc00) at character 3, which is not valid Unicode",
    );
    expect(findBadCharacter("\udc36\ud83d", "prose")).toMatch(/^contains a lone surrogate \(\\udc36\) at character 1/);
  });
});

describe("printable", () => {
  it("escapes what cannot be stored or shown, and nothing else", () => {
    expect(printable('bad "\0" \x1b[2J \ud800 \ud83d\udc36 é\ttab', 100)).toBe(
      'bad "\\u0000" \\u001b[2J \\ud800 \ud83d\udc36 é\\u0009tab',
    );
  });

  it("cuts to the given length without splitting a surrogate pair", () => {
    expect(printable("abcdef", 6)).toBe("abcdef");
    expect(printable("abcdefg", 6)).toBe("abcdef…");
    expect(printable("abcde\ud83d\udc36", 6)).toBe("abcde…");
    expect(printable("\0\0\0", 14)).toBe("\\u0000\\u0000…");
  });
});

describe("parseJsonLine", () => {
  it("names a raw NUL byte, and suspects UTF-16 when every other character is one", () => {
    expect(parseJsonLine('{"a": "x\0"}')).toEqual({
      ok: false,
      reason: "a raw NUL byte at character 9, which JSON does not allow",
    });
    expect(parseJsonLine('{\0"\0a\0"\0:\x001\0}\0')).toEqual({
      ok: false,
      reason: "a raw NUL byte at character 2, which JSON does not allow (a UTF-16 file? the importer reads UTF-8)",
    });
  });

  it("says what is broken in other JSON", () => {
    expect(parseJsonLine('{"a": 1} trailing')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^broken JSON: /),
    });
    expect(parseJsonLine('{"a": NaN}')).toMatchObject({ ok: false, reason: expect.stringMatching(/^broken JSON: /) });
    expect(parseJsonLine('{"a": 1, "a": 2}')).toEqual({ ok: true, value: { a: 2 } });
  });
});
