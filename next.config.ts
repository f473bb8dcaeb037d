import type { NextConfig } from "next";

import { env } from "./lib/env";

// Validates the environment at build and start: a bad DATABASE_URL fails here, not on a request.
env();

const nextConfig: NextConfig = {
  // sharp, pg and the libraries on pg are native or Node-only; let Node load them rather than bundling.
  serverExternalPackages: ["sharp", "pg", "@prisma/adapter-pg", "pg-boss", "pg-copy-streams", "snappy", "openai"],
  typedRoutes: false,
  // gzip by default, for a user reaching the app over a network. COMPRESS=0 turns it off behind
  // a reverse proxy that compresses, and for bench:browse on loopback, where it took 1.5 to 3 ms
  // of every gallery page and saved nothing.
  compress: env().COMPRESS,
  // forbidden(): a 403 page for a signed-in user without the page's role (lib/auth/session.ts).
  experimental: { authInterrupts: true },
};

export default nextConfig;
