import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

import { migrateDatabase } from "../postgres/migrate";
import { seedDemo } from "../demo/seed";
import { createTestDatabase, type TestDatabase } from "./test-database";

// The integration run's database: created, migrated and filled with a small demo, then
// dropped at the end. Test files read its address from DATABASE_URL, and the server the
// run was started with (empty for the embedded database) from TEST_SERVER_URL.
export const TEST_DEMO = { tasks: 80, seed: 7 };

let database: TestDatabase | undefined;
let imageRoot: string | undefined;

export async function setup() {
  database = await createTestDatabase("integration", process.env.DATABASE_URL || undefined);
  await migrateDatabase(database.url);
  imageRoot = fs.mkdtempSync(path.join(os.tmpdir(), "pico-images-"));
  await seedDemo(database.url, imageRoot, TEST_DEMO);
  process.env.TEST_SERVER_URL = process.env.DATABASE_URL ?? "";
  process.env.DATABASE_URL = database.url;
  process.env.IMAGE_ROOT = imageRoot;
  process.env.TEST_DEMO = JSON.stringify(TEST_DEMO);
  // The gallery's reads from PostgreSQL: a test that writes and then reads at once must not
  // race the change feed. The in-memory index has tests of its own against the same SQL
  // (lib/data/edit-index.integration.test.ts); the end-to-end tests run the app with it.
  process.env.GALLERY_INDEX ??= "0";
  // Signs the run's session cookies (lib/auth): any key, made for the run.
  process.env.BETTER_AUTH_SECRET ??= crypto.randomBytes(32).toString("base64");
}

export async function teardown() {
  await database?.drop();
  if (imageRoot) fs.rmSync(imageRoot, { recursive: true, force: true });
}
