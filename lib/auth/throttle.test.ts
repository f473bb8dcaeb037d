import { describe, expect, it } from "vitest";

import { FREE_FAILURES, MAX_WAIT_S, waitSeconds } from "./throttle";

const now = new Date("2026-11-30T12:00:00Z");
const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

describe("waitSeconds", () => {
  it("lets an email try while it has fewer than the free failures", () => {
    expect(waitSeconds(null, now)).toBe(0);
    expect(waitSeconds({ failures: FREE_FAILURES - 1, lastFailedAt: now }, now)).toBe(0);
  });

  it("waits 30 s after the free failures, twice as long for each further one, at most 15 min", () => {
    expect(waitSeconds({ failures: FREE_FAILURES, lastFailedAt: now }, now)).toBe(30);
    expect(waitSeconds({ failures: FREE_FAILURES + 1, lastFailedAt: now }, now)).toBe(60);
    expect(waitSeconds({ failures: FREE_FAILURES + 3, lastFailedAt: now }, now)).toBe(240);
    expect(waitSeconds({ failures: FREE_FAILURES + 20, lastFailedAt: now }, now)).toBe(MAX_WAIT_S);
  });

  it("counts the wait from the last failure", () => {
    expect(waitSeconds({ failures: FREE_FAILURES, lastFailedAt: ago(10) }, now)).toBe(20);
    expect(waitSeconds({ failures: FREE_FAILURES, lastFailedAt: ago(30) }, now)).toBe(0);
  });
});
