import fs from "node:fs";

// The Chromium the e2e tests drive. Playwright's own browser download is not reachable
// here, so: the binary CHROMIUM_PATH names, else Debian's package, else the Chromium that
// the devDependency @sparticuz/chromium ships inside npm, so that `npm ci && npm test`
// needs nothing else.

export const DEBIAN_CHROMIUM = "/usr/bin/chromium";

export type ChromiumSources = {
  env: Record<string, string | undefined>;
  exists: (file: string) => boolean;
  // Unpacks the npm package's Chromium (a headless shell) and gives its path.
  unpackNpmChromium: () => Promise<string>;
};

const machine: ChromiumSources = {
  env: process.env,
  exists: fs.existsSync,
  // Imported only when needed: the package unpacks about 200 MB into the temp folder on the
  // first call (2.5 s), and returns the unpacked file straight away after that.
  unpackNpmChromium: async () => (await import("@sparticuz/chromium")).default.executablePath(),
};

export async function findChromium(sources: ChromiumSources = machine): Promise<string> {
  const named = sources.env.CHROMIUM_PATH;
  if (named) {
    if (!sources.exists(named))
      throw new Error(`CHROMIUM_PATH is ${named}, which does not exist: unset it to use Debian's or npm's Chromium.`);
    return named;
  }
  if (sources.exists(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  try {
    return await sources.unpackNpmChromium();
  } catch (error) {
    // Most likely a full or read-only temp folder: say whose unpacking failed.
    throw new Error(`Unpacking npm's Chromium (@sparticuz/chromium) failed: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

// The same flags serve Debian's Chromium and npm's. @sparticuz/chromium's own `args` are
// for AWS Lambda and are not used: --single-process puts every page in one process, and
// --disable-web-security would let the app pass tests a real browser fails.
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];
