import type { NextConfig } from "next";

import { env } from "./lib/env";

// Validates the environment at build and start: a bad DATABASE_URL fails here, not on a request.
env();

const nextConfig: NextConfig = {
  // sharp and pg are native or Node-only; let Node load them rather than bundling.
  serverExternalPackages: ["sharp", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
  // gzip took 1.5 to 3 ms of every gallery page (20 KB of JSON) for a browser on the same
  // machine or network, where it saves nothing. Behind a reverse proxy, the proxy compresses.
  compress: false,
};

export default nextConfig;
