// A module resolution hook for scripts/serve.ts: "server-only" resolved under React's server
// condition, where it is the empty module it is in Next.js's server build. The package throws
// anywhere else, to keep server code out of client bundles; the web server is server code.
export async function resolve(specifier, context, next) {
  return next(
    specifier,
    specifier === "server-only" ? { ...context, conditions: [...context.conditions, "react-server"] } : context,
  );
}
