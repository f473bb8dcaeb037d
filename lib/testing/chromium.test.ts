import { describe, expect, it } from "vitest";

import { DEBIAN_CHROMIUM, findChromium } from "./chromium";

const NPM_CHROMIUM = "/tmp/chromium";

// A machine holding the given files, whose npm Chromium unpacks to /tmp/chromium (or fails
// as given), counting how often it was unpacked.
function machine(files: string[], env: Record<string, string | undefined> = {}, unpackError?: Error) {
  const unpacked = { count: 0 };
  const sources = {
    env,
    exists: (file: string) => files.includes(file),
    unpackNpmChromium: async () => {
      unpacked.count++;
      if (unpackError) throw unpackError;
      return NPM_CHROMIUM;
    },
  };
  return { sources, unpacked };
}

describe("findChromium", () => {
  it("takes CHROMIUM_PATH first, even where Debian's Chromium is installed", async () => {
    const { sources, unpacked } = machine(["/opt/chrome/chrome", DEBIAN_CHROMIUM], {
      CHROMIUM_PATH: "/opt/chrome/chrome",
    });
    expect(await findChromium(sources)).toBe("/opt/chrome/chrome");
    expect(unpacked.count).toBe(0);
  });

  it("stops on a CHROMIUM_PATH that does not exist, with one line naming it, rather than falling back", async () => {
    const { sources, unpacked } = machine([DEBIAN_CHROMIUM], { CHROMIUM_PATH: "/opt/chrome/gone" });
    const error = await findChromium(sources).catch((thrown: Error) => thrown);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(
      "CHROMIUM_PATH is /opt/chrome/gone, which does not exist: unset it to use Debian's or npm's Chromium.",
    );
    expect(unpacked.count).toBe(0);
  });

  it("takes Debian's Chromium next, without unpacking npm's", async () => {
    const { sources, unpacked } = machine([DEBIAN_CHROMIUM]);
    expect(await findChromium(sources)).toBe(DEBIAN_CHROMIUM);
    expect(unpacked.count).toBe(0);
  });

  it("reads an empty CHROMIUM_PATH as unset", async () => {
    expect(await findChromium(machine([DEBIAN_CHROMIUM], { CHROMIUM_PATH: "" }).sources)).toBe(DEBIAN_CHROMIUM);
  });

  it("unpacks npm's Chromium when there is neither", async () => {
    const { sources, unpacked } = machine([]);
    expect(await findChromium(sources)).toBe(NPM_CHROMIUM);
    expect(unpacked.count).toBe(1);
  });

  it("says it was npm's Chromium that failed to unpack", async () => {
    const { sources } = machine([], {}, new Error("ENOSPC: no space left on device, write"));
    await expect(findChromium(sources)).rejects.toThrow(
      "Unpacking npm's Chromium (@sparticuz/chromium) failed: ENOSPC: no space left on device, write",
    );
  });
});
