// Every route of the app, with the query params each one reads: the list the fuzz test
// (e2e/fuzz.spec.ts) sends hostile requests to. A new page or route handler belongs here.

import { FILTER_PARAMS } from "../lib/schemas/edit-filter-params";
import { GALLERY_PARAMS, LIST_PARAMS } from "../lib/schemas/page-params";
import { WHAT_IF_PARAMS } from "../lib/schemas/what-if-params";

export type Route = {
  // The path; ":id" stands for a path segment the fuzz test fills in.
  path: string;
  kind: "page" | "api";
  params: readonly string[];
};

const VIEW_PARAMS = [...FILTER_PARAMS, ...GALLERY_PARAMS];

export const ROUTES: Route[] = [
  { path: "/", kind: "page", params: [] },
  { path: "/edits", kind: "page", params: VIEW_PARAMS },
  { path: "/edits/:id", kind: "page", params: VIEW_PARAMS },
  { path: "/sequences", kind: "page", params: LIST_PARAMS },
  { path: "/sequences/:id", kind: "page", params: [] },
  { path: "/taxonomy", kind: "page", params: WHAT_IF_PARAMS },
  { path: "/review", kind: "page", params: [] },
  { path: "/preferences", kind: "page", params: [] },
  { path: "/exports", kind: "page", params: [] },
  { path: "/api/edits", kind: "api", params: VIEW_PARAMS },
  { path: "/api/edits/facets", kind: "api", params: [...FILTER_PARAMS] },
  { path: "/api/edits/:id", kind: "api", params: VIEW_PARAMS },
  { path: "/api/taxonomy/what-if", kind: "api", params: WHAT_IF_PARAMS },
  { path: "/api/images/by-id/:id", kind: "api", params: ["w", "v"] },
];
