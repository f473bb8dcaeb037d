import { describe, expect, it } from "vitest";

import { attemptFromName, checkUrl, normalizeImagePath } from "./paths";

describe("normalizeImagePath", () => {
  it("keeps relative paths and strips the bucket prefix and ./", () => {
    expect(normalizeImagePath("images/positive-edit/17.png")).toEqual({ ok: true, uri: "images/positive-edit/17.png" });
    expect(normalizeImagePath("nano-banana-300k/images/rejected-edit/14.png")).toEqual({
      ok: true,
      uri: "images/rejected-edit/14.png",
    });
    expect(normalizeImagePath("./images/multi-turn/7_attemptA_turn1.png")).toEqual({
      ok: true,
      uri: "images/multi-turn/7_attemptA_turn1.png",
    });
  });

  it("keeps remote URLs as they are", () => {
    expect(normalizeImagePath("https://farm4.staticflickr.com/1234/5678_abcd_o.jpg")).toEqual({
      ok: true,
      uri: "https://farm4.staticflickr.com/1234/5678_abcd_o.jpg",
    });
  });

  it("refuses paths that could leave the image root", () => {
    for (const bad of [
      "/etc/passwd",
      "../secret.png",
      "images/../../x.png",
      "images//x.png",
      "images\\x.png",
      "",
      "images/\u0000.png",
    ]) {
      expect(normalizeImagePath(bad).ok, bad).toBe(false);
    }
  });
});

describe("checkUrl", () => {
  it("accepts http(s) URLs with a host and names what is wrong otherwise", () => {
    expect(checkUrl("https://farm3.staticflickr.com/1/2_o.jpg").ok).toBe(true);
    expect(checkUrl("htp:/broken")).toEqual({ ok: false, reason: '"htp:/broken" is not an http(s) URL' });
    expect(checkUrl("not a url")).toEqual({ ok: false, reason: '"not a url" is not a URL' });
    expect(checkUrl("https://nohost/x.jpg")).toEqual({ ok: false, reason: '"https://nohost/x.jpg" has no valid host' });
    expect(checkUrl(`https://a.com/${"x".repeat(3000)}`).ok).toBe(false);
  });
});

describe("attemptFromName", () => {
  it("reads the retry suffix", () => {
    expect(attemptFromName("images/positive-edit/kewsft_retry2.png")).toBe(2);
    expect(attemptFromName("images/positive-edit/abc_retry3.PNG")).toBe(3);
    expect(attemptFromName("images/positive-edit/17.png")).toBeNull();
    expect(attemptFromName("images/retry2/17.png")).toBeNull();
  });
});
