import { defineConfig, devices } from "@playwright/test";

import { STATE } from "./e2e/auth-state";
import { CHROMIUM_ARGS, findChromium } from "./lib/testing/chromium";

// e2e runs the production build through `npm start`'s own path: a fresh embedded
// PostgreSQL in .data/e2e, migrated and filled with the default demo on first start.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const JUDGE_PORT = 3199;
// The server's DATA_DIR: its database's address is read from there (e2e/database.ts), and its
// images are under E2E_DATA_DIR/images (IMAGE_ROOT is unset).
export const E2E_DATA_DIR = ".data/e2e";

// Playwright loads this file as an ES module (package.json's "type"), so it can wait for npm's
// Chromium to unpack; each worker loading the file again finds it unpacked. A CHROMIUM_PATH
// that does not exist stops the run with its one line rather than a stack trace.
const CHROMIUM = await findChromium().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  timeout: 30_000,
  use: {
    ...devices["Desktop Chrome"],
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS },
  },
  // Sign in once per role (e2e/auth.setup.ts); the specs browse as the demo's viewer unless
  // they say otherwise (test.use({ storageState: STATE(role) })).
  projects: [
    { name: "sign-in", testMatch: /auth\.setup\.ts/ },
    {
      name: "app",
      testIgnore: /auth\.setup\.ts/,
      dependencies: ["sign-in"],
      use: { storageState: STATE("VIEWER") },
    },
  ],
  webServer: [
    // An OpenAI-compatible endpoint that judges from the images (lib/judges/fake-endpoint.ts),
    // for the judge runs of e2e/judges.spec.ts. It answers 404 on GET /, so the port is what
    // is waited for.
    {
      command: `node_modules/.bin/tsx scripts/judge-fake.ts --port ${JUDGE_PORT}`,
      port: JUDGE_PORT,
      reuseExistingServer: false,
      timeout: 30_000,
      gracefulShutdown: { signal: "SIGINT", timeout: 5_000 },
    },
    {
      command: `rm -rf ${E2E_DATA_DIR} && node_modules/.bin/tsx scripts/start.ts`,
      url: `http://127.0.0.1:${PORT}`,
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: "pipe",
      env: {
        PORT: String(PORT),
        DATA_DIR: E2E_DATA_DIR,
        DATABASE_URL: "",
        IMAGE_ROOT: "",
        NEXT_TELEMETRY_DISABLED: "1",
        // The worker beside the app runs judge runs against the fake endpoint, fast; the
        // prices give the runs a cost to show.
        JUDGE_BASE_URL: `http://127.0.0.1:${JUDGE_PORT}/v1`,
        JUDGE_MODEL: "fake",
        JUDGE_RPM: "6000",
        JUDGE_CONCURRENCY: "4",
        JUDGE_PRICE_INPUT_PER_1K: "0.0025",
        JUDGE_PRICE_OUTPUT_PER_1K: "0.01",
      },
      // Ctrl-C's signal: the app and its database stop cleanly rather than being killed.
      gracefulShutdown: { signal: "SIGINT", timeout: 20_000 },
    },
  ],
});
