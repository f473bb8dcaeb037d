import type { NextConfig } from "next";

import { env } from "./lib/env";

// Validates the environment at build and start: a bad DATABASE_URL fails here, not on a request.
env();

const nextConfig: NextConfig = {
  // sharp and pg are native or Node-only; let Node load them rather than bundling.
  serverExternalPackages: ["sharp", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
};

export default nextConfig;
