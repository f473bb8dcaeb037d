import { describe, expect, it } from "vitest";

import { checkNewUser, generatePassword, roleOfArg, UserInputError } from "./users";

describe("checkNewUser", () => {
  const good = { email: "Ann@Example.org", name: " Ann ", role: "ANNOTATOR", password: "twelve-chars" };

  it("lower-cases the email and trims the name", () => {
    expect(checkNewUser(good)).toEqual({ ...good, email: "ann@example.org", name: "Ann" });
  });

  it.each([
    [{ ...good, email: "not an email" }, "email: must be an email address"],
    [{ ...good, password: "eleven-char" }, "password: must be at least 12 characters"],
    [{ ...good, role: "BOSS" }, "role: must be one of VIEWER, ANNOTATOR, ADMIN"],
    [{ ...good, name: "  " }, "name: must not be empty"],
  ])("refuses %o naming the field", (input, message) => {
    expect(() => checkNewUser(input)).toThrow(new UserInputError(message));
  });
});

describe("generatePassword", () => {
  it("makes 20 letters and digits, different each time", () => {
    const passwords = Array.from({ length: 50 }, generatePassword);
    for (const password of passwords) expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(new Set(passwords).size).toBe(50);
  });
});

describe("roleOfArg", () => {
  it("reads a role in any case", () => {
    expect(roleOfArg("admin")).toBe("ADMIN");
    expect(roleOfArg("Viewer")).toBe("VIEWER");
    expect(roleOfArg("root")).toBeUndefined();
  });
});
