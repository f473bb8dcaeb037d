import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

import { dataDir, env, InvalidEnvironmentError } from "../env";

// The key that signs session cookies. BETTER_AUTH_SECRET when set; it must be with
// DATABASE_URL, where the app is deployed on a server of its own. On the embedded database
// (npm start's default) one is made on first use into DATA_DIR/auth-secret, readable by
// its owner only, and kept: a new key would end every session. Never in the repository.
export function authSecret(): string {
  const { BETTER_AUTH_SECRET, DATABASE_URL } = env();
  if (BETTER_AUTH_SECRET) return BETTER_AUTH_SECRET;
  if (DATABASE_URL) {
    throw new InvalidEnvironmentError(
      "BETTER_AUTH_SECRET is not set: with DATABASE_URL the app needs a secret of at least 32 characters to sign sessions (make one with: openssl rand -base64 32).",
    );
  }
  const file = path.join(dataDir(), "auth-secret");
  fs.mkdirSync(dataDir(), { recursive: true });
  if (!fs.existsSync(file)) {
    // Written whole, then linked into place: of two processes starting at once, one links
    // its key and both read that one, never a half-written file.
    const draft = `${file}.${process.pid}`;
    fs.writeFileSync(draft, crypto.randomBytes(32).toString("base64"), { mode: 0o600 });
    try {
      fs.linkSync(draft, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      fs.unlinkSync(draft);
    }
  }
  const secret = fs.readFileSync(file, "utf8").trim();
  if (secret.length < 32)
    throw new InvalidEnvironmentError(`${file} holds no secret of 32 characters or more: delete it and start again.`);
  return secret;
}

// Origins that may post to the app besides BETTER_AUTH_URL's: the app on this machine at
// its port, and TRUSTED_ORIGINS.
export function trustedOrigins(): string[] {
  const { PORT, TRUSTED_ORIGINS } = env();
  const listed = (TRUSTED_ORIGINS ?? "")
    .split(",")
    .map((origin) => origin.trim())
    .filter(Boolean);
  return [`http://localhost:${PORT}`, `http://127.0.0.1:${PORT}`, ...listed];
}
