// Every route of the app, with the query params each one reads and the role it needs: the
// list the fuzz test (e2e/fuzz.spec.ts) sends hostile requests to and the role matrix
// (e2e/roles.spec.ts) checks. A new page or route handler belongs here; a unit test
// (lib/testing/routes.test.ts) fails while one is missing.

import type { Role } from "../lib/auth/roles";
import { FILTER_PARAMS } from "../lib/schemas/edit-filter-params";
import { GALLERY_PARAMS, LIST_PARAMS } from "../lib/schemas/page-params";
import { QUEUE_PARAMS } from "../lib/schemas/review";
import { WHAT_IF_PARAMS } from "../lib/schemas/what-if-params";

export type Route = {
  // The path; ":id" stands for a path segment the fuzz test fills in.
  path: string;
  kind: "page" | "api";
  params: readonly string[];
  // Who may use it: anyone, or a signed-in user of this role or above.
  needs: Role | "anyone";
  // A write: the role matrix posts `body` (to `path` with ":id" as `id` when given) and
  // expects `status` from a user it allows; chosen so that the probe changes nothing.
  post?: { body: unknown; status: number; id?: number };
  // A read the role matrix expects another answer than 200 from, from a user it allows (at
  // `path` with ":id" as `id` when given): chosen, as a write's probe is, to change nothing.
  get?: { status: number; id?: number };
};

const VIEW_PARAMS = [...FILTER_PARAMS, ...GALLERY_PARAMS];

export const ROUTES: Route[] = [
  { path: "/", kind: "page", params: [], needs: "VIEWER" },
  { path: "/sign-in", kind: "page", params: ["next"], needs: "anyone" },
  { path: "/edits", kind: "page", params: VIEW_PARAMS, needs: "VIEWER" },
  { path: "/edits/:id", kind: "page", params: VIEW_PARAMS, needs: "VIEWER" },
  { path: "/sequences", kind: "page", params: LIST_PARAMS, needs: "VIEWER" },
  { path: "/sequences/:id", kind: "page", params: [], needs: "VIEWER" },
  { path: "/taxonomy", kind: "page", params: WHAT_IF_PARAMS, needs: "VIEWER" },
  { path: "/review", kind: "page", params: QUEUE_PARAMS, needs: "ANNOTATOR" },
  { path: "/review/stats", kind: "page", params: [], needs: "ANNOTATOR" },
  {
    path: "/preferences",
    kind: "page",
    params: ["types", "categories", "provenance", "changes", ...LIST_PARAMS],
    needs: "VIEWER",
  },
  { path: "/exports", kind: "page", params: ["filter"], needs: "VIEWER" },
  { path: "/admin/users", kind: "page", params: [], needs: "ADMIN" },
  { path: "/api/edits", kind: "api", params: VIEW_PARAMS, needs: "VIEWER" },
  { path: "/api/edits/facets", kind: "api", params: [...FILTER_PARAMS], needs: "VIEWER" },
  { path: "/api/edits/:id", kind: "api", params: VIEW_PARAMS, needs: "VIEWER" },
  { path: "/api/taxonomy/what-if", kind: "api", params: WHAT_IF_PARAMS, needs: "VIEWER" },
  { path: "/api/images/by-id/:id", kind: "api", params: ["w", "v"], needs: "VIEWER" },
  { path: "/api/reviews/queue", kind: "api", params: QUEUE_PARAMS, needs: "ANNOTATOR" },
  {
    path: "/api/reviews/claim",
    kind: "api",
    params: QUEUE_PARAMS,
    needs: "ANNOTATOR",
    post: { body: { size: 0 }, status: 400 },
  },
  { path: "/api/reviews", kind: "api", params: [], needs: "ANNOTATOR", post: { body: {}, status: 400 } },
  { path: "/api/reviews/bulk", kind: "api", params: [], needs: "ANNOTATOR", post: { body: {}, status: 400 } },
  {
    path: "/api/reviews/:id/undo",
    kind: "api",
    params: [],
    needs: "ANNOTATOR",
    post: { body: {}, status: 404, id: 2147483647 },
  },
  {
    path: "/api/reviews/batches/:id/undo",
    kind: "api",
    params: [],
    needs: "ANNOTATOR",
    post: { body: {}, status: 404, id: 2147483647 },
  },
  { path: "/api/exports", kind: "api", params: [], needs: "VIEWER", post: { body: { format: "xml" }, status: 400 } },
  // A download that ran would write an export: without a format it is a 400 that does not.
  {
    path: "/api/exports/download",
    kind: "api",
    params: [...FILTER_PARAMS, "format", "prefix"],
    needs: "VIEWER",
    get: { status: 400 },
  },
  { path: "/api/exports/:id", kind: "api", params: [], needs: "VIEWER", get: { status: 404, id: 2147483647 } },
  {
    path: "/api/exports/:id/cancel",
    kind: "api",
    params: [],
    needs: "VIEWER",
    post: { body: {}, status: 404, id: 2147483647 },
  },
  {
    path: "/api/exports/:id/retry",
    kind: "api",
    params: [],
    needs: "VIEWER",
    post: { body: {}, status: 404, id: 2147483647 },
  },
  {
    path: "/api/exports/:id/files/:name",
    kind: "api",
    params: [],
    needs: "VIEWER",
    get: { status: 404, id: 2147483647 },
  },
  { path: "/judges", kind: "page", params: ["a", "b", "filter"], needs: "VIEWER" },
  { path: "/api/judges", kind: "api", params: [], needs: "VIEWER" },
  // A viewer reads the list (GET); starting a run, which spends the endpoint's money, is an
  // admin's, and the matrix probes that.
  { path: "/api/judges/runs", kind: "api", params: [], needs: "ADMIN", post: { body: { judge: "" }, status: 400 } },
  { path: "/api/judges/runs/:id", kind: "api", params: [], needs: "VIEWER", get: { status: 404, id: 2147483647 } },
  {
    path: "/api/judges/runs/:id/cancel",
    kind: "api",
    params: [],
    needs: "ADMIN",
    post: { body: {}, status: 404, id: 2147483647 },
  },
  {
    path: "/api/judges/runs/:id/resume",
    kind: "api",
    params: [],
    needs: "ADMIN",
    post: { body: {}, status: 404, id: 2147483647 },
  },
  // Without the two judges' names: a 400 that names them.
  { path: "/api/judges/compare", kind: "api", params: ["a", "b"], needs: "VIEWER", get: { status: 400 } },
  { path: "/api/judges/active", kind: "api", params: [], needs: "ADMIN", post: { body: { judge: 7 }, status: 400 } },
  // better-auth's endpoints, each with its own checks (lib/auth/config.ts); the session is
  // the one a GET reaches.
  { path: "/api/auth/get-session", kind: "api", params: [], needs: "anyone" },
];

// The file that serves a route: app/<path>/page.tsx or route.ts, ":id" as "[id]" (and
// ":name" as "[name]"); the better-auth endpoints are all one catch-all route.
export const routeFile = (route: Route): string => {
  const folder = route.path.startsWith("/api/auth/")
    ? "api/auth/[...all]"
    : route.path.slice(1).replace(/:(\w+)/g, "[$1]");
  return ["app", folder, route.kind === "page" ? "page.tsx" : "route.ts"].filter(Boolean).join("/");
};
