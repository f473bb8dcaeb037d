import "server-only";

import { createHmac, timingSafeEqual } from "node:crypto";

import { headers } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";

import { AppError } from "../api/errors";
import { db, pgPool } from "../db";
import { env } from "../env";
import { createAuth, type Auth } from "./config";
import { aRole, hasRole, isRole, ROLE_LABELS, type Role } from "./roles";
import { authSecret, trustedOrigins } from "./secret";

// Who is asking, read on the server for every request from the session row behind its
// cookie, never from anything else the client sends; and the checks every page, route
// handler and server action makes with it. Browsing needs a viewer unless PUBLIC_BROWSE=1,
// which lets anyone read (never write).

let auth: Auth | undefined;
let secret: string | undefined;

// Read once, on first use: it signs the cookies better-auth writes and checks those userOf
// reads on every request.
const sessionSecret = (): string => (secret ??= authSecret());

// Made on first use: next build loads this module with no database and no secret.
export const getAuth = (): Auth =>
  (auth ??= createAuth({
    prisma: db,
    secret: sessionSecret(),
    baseUrl: env().BETTER_AUTH_URL,
    trustedOrigins: trustedOrigins(),
  }));

export type SessionUser = { id: number; email: string; name: string; role: Role };

// The session token of the request's cookie, if its signature is the one better-auth made
// with this secret (HMAC-SHA256, base64, after the last "."), else null.
async function signedToken(cookieHeader: string | null): Promise<string | null> {
  if (!cookieHeader) return null;
  const name = (await getAuth().$context).authCookies.sessionToken.name;
  const raw = cookieHeader
    .split(";")
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`))
    ?.slice(name.length + 1);
  if (!raw) return null;
  let value: string;
  try {
    value = decodeURIComponent(raw);
  } catch {
    return null;
  }
  const dot = value.lastIndexOf(".");
  const token = value.slice(0, dot);
  const signature = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(createHmac("sha256", sessionSecret()).update(token).digest("base64"));
  return dot > 0 && signature.length === expected.length && timingSafeEqual(signature, expected) ? token : null;
}

// The user of the request's session: one indexed read of the session row and its user,
// which better-auth writes; about a millisecond where better-auth's getSession took ten
// (docs/performance.md), and half that through pg rather than Prisma's raw query (0.4 ms
// against 0.7-1.4 at p50), and prepared once per connection: planning the join took 0.26 ms
// of a 0.5 ms lookup (0.13 ms prepared; through the API, 1.25 against 0.61 ms at p50).
// An expired session, or a disabled user's, is none.
export async function userOf(requestHeaders: Headers): Promise<SessionUser | null> {
  return userOfToken(await signedToken(requestHeaders.get("cookie")));
}

async function userOfToken(token: string | null): Promise<SessionUser | null> {
  if (!token) return null;
  const { rows } = await pgPool().query<SessionUser>({
    name: "session user",
    text: `SELECT u."id", u."email", u."name", u."role"
           FROM "Session" s JOIN "User" u ON u."id" = s."userId"
           WHERE s."token" = $1 AND s."expiresAt" > now() AND (NOT u."banned" OR u."banExpires" < now())`,
    values: [token],
  });
  const user = rows[0];
  return user && isRole(user.role) ? user : null;
}

// The signed-in user of the request being rendered, looked up once per request.
export const currentUser = cache(async (): Promise<SessionUser | null> => userOf(await headers()));

const may = (user: SessionUser | null, needed: Role): boolean =>
  user ? hasRole(user.role, needed) : needed === "VIEWER" && env().PUBLIC_BROWSE;

// For a page: the user when they may see it (null: an anonymous visitor of a public
// browse); else to the sign-in page, which returns to the page and its query after, or a
// 403 page for a signed-in user without the role.
export async function requirePage(needed: Role, path: string, query?: URLSearchParams): Promise<SessionUser | null> {
  const user = await currentUser();
  if (may(user, needed)) return user;
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(query?.size ? `${path}?${query}` : path)}`);
  forbidden();
}

// For a route handler or server action: the user, or an AppError that routeHandler turns
// into a 401 (no session) or 403 (another role) naming the role needed.
export async function requireRole(needed: Role, requestHeaders?: Headers): Promise<SessionUser | null> {
  return checkRole(needed, await (requestHeaders ? userOf(requestHeaders) : currentUser()));
}

// The user when they may do what needs the role, else requireRole's error.
function checkRole(needed: Role, user: SessionUser | null): SessionUser | null {
  if (may(user, needed)) return user;
  if (!user) throw new AppError("UNAUTHORIZED", `Sign in first: this needs ${aRole(needed)}'s session.`);
  throw new AppError(
    "FORBIDDEN",
    `This needs the ${ROLE_LABELS[needed]} role; you are signed in as ${aRole(user.role)}.`,
  );
}

// For a route handler that only reads: read() started beside the session's lookup, not
// after it, when the request carries a session cookie this server signed; its result once
// the role is confirmed, else requireRole's error, the read's result or failure dropped.
// The lookup is a database round trip the read need not wait for: a gallery page's cards
// are read meanwhile. A request without such a cookie reads nothing before its 401 (under a
// public browse it reads after the check, as before).
export async function readAs<T>(needed: Role, requestHeaders: Headers, read: () => Promise<T>): Promise<T> {
  const token = await signedToken(requestHeaders.get("cookie"));
  if (!token) {
    checkRole(needed, null);
    return read();
  }
  const checking = userOfToken(token).then((user) => checkRole(needed, user));
  checking.catch(() => undefined);
  // The read waits one turn of the event loop: pg writes the lookup's query in a
  // process.nextTick, which runs only once the promise jobs queued before it have, and a
  // read that computes (a facet cube) would otherwise run first and send it late (the
  // empty range's facets: the lookup answered 2.8 ms after it was asked, where 1.2 is its
  // round trip).
  await new Promise((resolve) => setImmediate(resolve));
  const reading = read();
  reading.catch(() => undefined);
  await checking;
  return reading;
}

// For a write: the signed-in user, who has the role. Unlike requireRole, never null: a
// public browse's anonymous visitor may read, not write.
export async function requireUser(needed: Role, requestHeaders?: Headers): Promise<SessionUser> {
  const user = await requireRole(needed, requestHeaders);
  if (!user) throw new AppError("UNAUTHORIZED", `Sign in first: this needs ${aRole(needed)}'s session.`);
  return user;
}
