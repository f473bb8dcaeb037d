import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { GET as galleryPage } from "@/app/api/edits/route";

import { AppError } from "../api/errors";
import { DEMO_USERS } from "../demo/users";
import { demoCookie, sessionCookie, signInRequest } from "../testing/sessions";
import { getAuth, readAs, requireRole, userOf } from "./session";
import { FREE_FAILURES } from "./throttle";
import { createUserAccount } from "./users";

// Sign-in, sessions and role checks through better-auth on the run's demo database: each
// case as a browser's request would meet it.
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
const viewer = DEMO_USERS.find((user) => user.role === "VIEWER")!;
const PASSWORD = "a-long-enough-password";
const made: string[] = [];

beforeAll(() => client.connect());
afterAll(async () => {
  await client.query(`DELETE FROM "User" WHERE "email" = ANY($1)`, [made]);
  await client.query(`DELETE FROM "SignInFailure"`);
  await client.end();
});

const headersOf = (cookie: string) => new Headers({ cookie });
const errorOf = async (response: Response) => (await response.json()) as { code?: string; message: string };

// A user of its own for a test that disables, throttles or revokes.
async function newUser(role: "VIEWER" | "ANNOTATOR" | "ADMIN" = "VIEWER") {
  const email = `session-test-${process.pid}-${made.length}@example.org`;
  made.push(email);
  const { id } = await createUserAccount(getAuth(), { email, name: "Session Test", role, password: PASSWORD });
  return { id, email };
}

describe("sign-in", () => {
  it("opens a session whose user and role the server reads back from the cookie, as better-auth does", async () => {
    const headers = headersOf(await demoCookie("VIEWER"));
    const user = await userOf(headers);
    expect(user).toMatchObject({ email: viewer.email, name: viewer.name, role: "VIEWER" });
    const session = await getAuth().api.getSession({ headers });
    expect(Number(session?.user.id)).toBe(user?.id);
  });

  it("takes the email in any case", async () => {
    const user = await userOf(headersOf(await sessionCookie(viewer.email.toUpperCase(), viewer.password)));
    expect(user?.email).toBe(viewer.email);
  });

  it("answers a wrong password and an unknown email alike", async () => {
    const wrong = await signInRequest(viewer.email, "not-the-password-at-all");
    const unknown = await signInRequest(`nobody-${process.pid}@example.org`, "not-the-password-at-all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await errorOf(wrong)).message).toBe((await errorOf(unknown)).message);
    await client.query(`DELETE FROM "SignInFailure"`);
  });

  it(`makes an email wait after ${FREE_FAILURES} failures in a row, from any address, even with its password`, async () => {
    const { email } = await newUser();
    for (let i = 0; i < FREE_FAILURES; i++)
      expect((await signInRequest(email, `wrong-password-${i}-xxxx`)).status).toBe(401);
    const blocked = await signInRequest(email, PASSWORD, "10.200.0.1");
    expect(blocked.status).toBe(429);
    const error = await errorOf(blocked);
    expect(error.code).toBe("ACCOUNT_THROTTLED");
    expect(error.message).toMatch(/^Too many failed sign-ins for this email: try again in \d+ s\.$/);
    // Once the wait is over, the right password gets in and clears the count.
    await client.query(`UPDATE "SignInFailure" SET "lastFailedAt" = now() - interval '1 hour' WHERE "email" = $1`, [
      email,
    ]);
    expect((await signInRequest(email, PASSWORD)).status).toBe(200);
    expect((await client.query(`SELECT 1 FROM "SignInFailure" WHERE "email" = $1`, [email])).rowCount).toBe(0);
  });

  it("limits sign-in requests from one address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++)
      statuses.push((await signInRequest(viewer.email, viewer.password, "10.201.0.1")).status);
    expect(statuses.slice(0, 20).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(20)).toContain(429);
  });

  it("refuses a disabled user, whose sessions end at once", async () => {
    const { id, email } = await newUser();
    const session = headersOf(await sessionCookie(email, PASSWORD));
    expect(await userOf(session)).not.toBeNull();
    const admin = headersOf(await demoCookie("ADMIN"));
    await getAuth().api.banUser({ body: { userId: String(id) }, headers: admin });
    expect(await userOf(session)).toBeNull();
    const refused = await signInRequest(email, PASSWORD);
    expect(refused.status).toBe(403);
    expect((await errorOf(refused)).message).toBe("This account is disabled: ask an admin to enable it.");
  });

  it("ends an expired session, a revoked one, and one whose cookie was tampered with", async () => {
    const { id, email } = await newUser();
    const expired = await sessionCookie(email, PASSWORD);
    await client.query(`UPDATE "Session" SET "expiresAt" = now() - interval '1 minute' WHERE "userId" = $1`, [id]);
    expect(await userOf(headersOf(expired))).toBeNull();

    const revoked = await sessionCookie(email, PASSWORD);
    expect(await userOf(headersOf(revoked))).not.toBeNull();
    await getAuth().api.revokeUserSessions({
      body: { userId: String(id) },
      headers: headersOf(await demoCookie("ADMIN")),
    });
    expect(await userOf(headersOf(revoked))).toBeNull();

    const cookie = await sessionCookie(email, PASSWORD);
    const [name, value] = cookie.split("=") as [string, string];
    const decoded = decodeURIComponent(value);
    const tampered = `${name}=${encodeURIComponent(decoded.slice(0, 5) + (decoded[5] === "A" ? "B" : "A") + decoded.slice(6))}`;
    expect(await userOf(headersOf(cookie))).not.toBeNull();
    expect(await userOf(headersOf(tampered))).toBeNull();
  });
});

describe("requireRole", () => {
  it("answers 401 without a session and 200 with a viewer's, on a route handler", async () => {
    const anonymous = await galleryPage(new Request("http://localhost/api/edits"));
    expect(anonymous.status).toBe(401);
    expect(await errorOf(anonymous)).toEqual({
      error: { code: "UNAUTHORIZED", message: "Sign in first: this needs a viewer's session." },
    });
    const signedIn = await galleryPage(
      new Request("http://localhost/api/edits", { headers: { cookie: await demoCookie("VIEWER") } }),
    );
    expect(signedIn.status).toBe(200);
  });

  it("refuses a role below the one needed, naming both", async () => {
    const viewerHeaders = headersOf(await demoCookie("VIEWER"));
    await expect(requireRole("ANNOTATOR", viewerHeaders)).rejects.toEqual(
      new AppError("FORBIDDEN", "This needs the annotator role; you are signed in as a viewer."),
    );
    expect(await requireRole("ANNOTATOR", headersOf(await demoCookie("ADMIN")))).toMatchObject({ role: "ADMIN" });
  });
});

describe("readAs", () => {
  // A read that says when it started and whether it was asked to.
  const reader = (result: Promise<string>) => {
    const calls: number[] = [];
    return { calls, read: () => (calls.push(performance.now()), result) };
  };

  it("returns the read once the role is confirmed, and a failed read's own error", async () => {
    const headers = headersOf(await demoCookie("VIEWER"));
    const { calls, read } = reader(Promise.resolve("rows"));
    expect(await readAs("VIEWER", headers, read)).toBe("rows");
    expect(calls).toHaveLength(1);
    // A read that fails is that read's error.
    await expect(readAs("VIEWER", headers, () => Promise.reject(new AppError("INVALID_INPUT", "bad")))).rejects.toEqual(
      new AppError("INVALID_INPUT", "bad"),
    );
  });

  it("drops the read of a signed session without the role, failed or not, for the role's error", async () => {
    const headers = headersOf(await demoCookie("VIEWER"));
    const forbidden = new AppError("FORBIDDEN", "This needs the admin role; you are signed in as a viewer.");
    const started = reader(Promise.resolve("rows"));
    await expect(readAs("ADMIN", headers, started.read)).rejects.toEqual(forbidden);
    expect(started.calls).toHaveLength(1);
    await expect(readAs("ADMIN", headers, () => Promise.reject(new Error("read failed")))).rejects.toEqual(forbidden);
  });

  it("reads nothing for a request without a session, or with a cookie this server did not sign", async () => {
    const cookie = await demoCookie("VIEWER");
    const [name, value] = cookie.split("=") as [string, string];
    const forged = `${name}=${encodeURIComponent(`${decodeURIComponent(value).split(".")[0]}.AAAA`)}`;
    for (const headers of [new Headers(), headersOf(forged)]) {
      const { calls, read } = reader(Promise.resolve("rows"));
      await expect(readAs("VIEWER", headers, read)).rejects.toMatchObject({ code: "UNAUTHORIZED" });
      expect(calls).toHaveLength(0);
    }
  });
});
