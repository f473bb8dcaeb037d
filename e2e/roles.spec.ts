import { request as playwrightRequest, type APIRequestContext } from "@playwright/test";

import { hasRole, ROLES, type Role } from "../lib/auth/roles";
import { STATE } from "./auth-state";
import { queryOne } from "./database";
import { expect, test } from "./fixtures";
import { ROUTES, type Route } from "./routes";

// The role matrix: every route of e2e/routes.ts, asked by an anonymous visitor, a user of
// each role and a disabled user, answers as the route's role says. Pages send whoever has
// no session to /sign-in and return 403 to a role below theirs; the API answers 401 and
// 403 with a JSON error naming the role.

type Who = "anonymous" | Role | "disabled";
const WHO: Who[] = ["anonymous", ...ROLES, "disabled"];

const DISABLED = { email: `disabled-${process.pid}@e2e.local`, password: "a-disabled-users-password" };
const contexts = new Map<Who, APIRequestContext>();
let disabledId = "";

// Requests as a browser of the app sends them: better-auth refuses a write without Origin.
async function context(storageState?: string) {
  const baseURL = test.info().project.use.baseURL as string;
  return playwrightRequest.newContext({
    baseURL,
    storageState,
    maxRedirects: 0,
    extraHTTPHeaders: { origin: baseURL },
  });
}

test.beforeAll(async () => {
  contexts.set("anonymous", await context());
  for (const role of ROLES) contexts.set(role, await context(STATE(role)));
  // A viewer made by the admin, signed in, then disabled: the session it holds must be dead.
  const admin = contexts.get("ADMIN") as APIRequestContext;
  const created = await admin.post("/api/auth/admin/create-user", {
    data: { ...DISABLED, name: "Disabled Viewer", role: "VIEWER" },
  });
  expect(created.status(), await created.text()).toBe(200);
  disabledId = (await created.json()).user.id;
  const disabled = await context();
  const signedIn = await disabled.post("/api/auth/sign-in/email", { data: DISABLED });
  expect(signedIn.status(), await signedIn.text()).toBe(200);
  expect((await disabled.get("/api/edits?limit=1")).status()).toBe(200);
  const banned = await admin.post("/api/auth/admin/ban-user", { data: { userId: disabledId } });
  expect(banned.status(), await banned.text()).toBe(200);
  contexts.set("disabled", disabled);
});

test.afterAll(async () => {
  await contexts.get("ADMIN")?.post("/api/auth/admin/remove-user", { data: { userId: disabledId } });
  for (const one of contexts.values()) await one.dispose();
});

// A path of the route with its :id filled by a row that exists, or by its probe's id (and
// a file name by one every export has).
async function pathOf(route: Route): Promise<string> {
  if (!route.path.includes(":id")) return route.path;
  const probe = route.post ?? route.get;
  if (probe?.id) return route.path.replace(":id", String(probe.id)).replace(":name", "manifest.json");
  const table = route.path.startsWith("/sequences") ? "Sequence" : route.path.includes("images") ? "Image" : "Edit";
  const where = table === "Image" ? `WHERE "uri" LIKE 'demo/%'` : "";
  const { id } = await queryOne<{ id: number }>(`SELECT min("id") AS id FROM "${table}" ${where}`);
  return route.path.replace(":id", String(id));
}

function expected(route: Route, who: Who): number {
  const role = who === "anonymous" || who === "disabled" ? null : who;
  // Signed in already, the sign-in page goes on to where it would have led.
  if (route.path === "/sign-in") return role ? 307 : 200;
  if (route.needs === "anyone" || (role && hasRole(role, route.needs))) return (route.post ?? route.get)?.status ?? 200;
  if (role) return 403;
  return route.kind === "page" ? 307 : 401;
}

for (const route of ROUTES) {
  test(`${route.path}: ${WHO.join(", ")}`, async () => {
    const path = await pathOf(route);
    for (const who of WHO) {
      const context = contexts.get(who) as APIRequestContext;
      const response = await (route.post ? context.post(path, { data: route.post.body }) : context.get(path));
      const status = expected(route, who);
      expect(response.status(), `${who} on ${path}`).toBe(status);
      if (status === 307 && route.path !== "/sign-in")
        expect(response.headers().location).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
      if (route.kind === "api" && (status === 401 || status === 403)) {
        const body = await response.json();
        expect(body.error.message, `${who} on ${path}`).toContain(
          status === 401 ? "Sign in first" : `needs the ${route.needs.toLowerCase()} role`,
        );
      }
    }
  });
}
