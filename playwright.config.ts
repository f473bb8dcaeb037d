import { defineConfig, devices } from "@playwright/test";

// e2e runs the production build through `npm start`'s own path: a fresh embedded
// database in .data/e2e, migrated and filled with the default demo on first start.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const DB_PORT = Number(process.env.E2E_DB_PORT ?? 54398);
export const E2E_DATABASE_URL = `postgresql://postgres@127.0.0.1:${DB_PORT}/postgres`;
// The server's DATA_DIR; its images are under E2E_DATA_DIR/images (IMAGE_ROOT is unset).
export const E2E_DATA_DIR = ".data/e2e";

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
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not reachable here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
    },
  },
  webServer: {
    command: `rm -rf ${E2E_DATA_DIR} && node_modules/.bin/tsx scripts/start.ts`,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 240_000,
    stdout: "pipe",
    env: { PORT: String(PORT), EMBEDDED_DB_PORT: String(DB_PORT), DATA_DIR: E2E_DATA_DIR, DATABASE_URL: "", IMAGE_ROOT: "", NEXT_TELEMETRY_DISABLED: "1" },
  },
});
