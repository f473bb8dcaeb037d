import { getAuth } from "../auth/session";
import { DEMO_USERS } from "../demo/users";
import type { Role } from "../auth/roles";
import { cookieHeaderOf } from "./bench";

// Sessions for integration tests: a sign-in through better-auth's own handler, as the
// browser's request would reach it, and the cookie it answers with.

let addresses = 0;

// A sign-in request from an address of its own (x-forwarded-for), so that the tests'
// sign-ins do not share one address's rate limit unless they mean to.
export function signInRequest(
  email: string,
  password: string,
  address = `10.9.${process.pid % 250}.${++addresses % 250}`,
) {
  return getAuth().handler(
    new Request("http://localhost:3000/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": address },
      body: JSON.stringify({ email, password }),
    }),
  );
}

// The Cookie header of a signed-in session of the email.
export async function sessionCookie(email: string, password: string): Promise<string> {
  const response = await signInRequest(email, password);
  if (response.status !== 200) throw new Error(`sign-in as ${email}: ${response.status} ${await response.text()}`);
  return cookieHeaderOf(response);
}

// The Cookie header of the demo's user of this role.
export function demoCookie(role: Role): Promise<string> {
  const user = DEMO_USERS.find((candidate) => candidate.role === role);
  if (!user) throw new Error(`the demo has no ${role}`);
  return sessionCookie(user.email, user.password);
}
