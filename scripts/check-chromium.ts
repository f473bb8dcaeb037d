// Runs before the e2e tests: says how to get a browser instead of failing deep inside Playwright.
import fs from "node:fs";

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!fs.existsSync(chromium)) {
  console.error(
    `The e2e tests need Chromium at ${chromium}. Install Debian's package with\n  sudo apt-get update && sudo apt-get install -y chromium\nor set CHROMIUM_PATH to another Chromium binary. (Playwright's own browser download is not used.)`,
  );
  process.exit(1);
}
