import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { createAccessControl } from "better-auth/plugins/access";
import { admin } from "better-auth/plugins/admin";
import { adminAc, defaultStatements } from "better-auth/plugins/admin/access";

import type { PrismaClient } from "../generated/prisma/client";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "./roles";
import { waitSeconds } from "./throttle";

// better-auth on the project's own Prisma client and tables (prisma/schema.prisma: User,
// Session, Account, Verification, RateLimit): email and password only, hashed with scrypt;
// sessions are rows behind a signed httpOnly cookie, read on every request (no cookie
// cache), so that revoking or disabling ends them at once. Its admin plugin gives the roles
// and user management; "disabled" is its ban. Made by the app (lib/auth/session.ts) and by
// the CLI (scripts/user-create.ts), each on its own client.

export const SIGN_IN_PATH = "/sign-in/email";

const access = createAccessControl({ ...defaultStatements });
const roles = {
  VIEWER: access.newRole({}),
  ANNOTATOR: access.newRole({}),
  ADMIN: access.newRole({ ...adminAc.statements }),
};

export type AuthOptions = {
  prisma: PrismaClient;
  secret: string;
  // The app's public URL (BETTER_AUTH_URL), if set: its origin is trusted, and https makes
  // the cookies Secure.
  baseUrl?: string;
  // Origins besides the app's own that may post to it (the browser's Origin header).
  trustedOrigins: string[];
};

export function createAuth({ prisma, secret, baseUrl, trustedOrigins }: AuthOptions) {
  const emailOf = (body: unknown) =>
    String((body as { email?: unknown } | undefined)?.email ?? "")
      .trim()
      .toLowerCase();
  return betterAuth({
    appName: "Pico Curator",
    // Errors only: without BETTER_AUTH_URL the base URL is taken from each request, as
    // intended on localhost, and better-auth would warn of it in every process.
    logger: { level: "error" },
    database: prismaAdapter(prisma, { provider: "postgresql" }),
    secret,
    ...(baseUrl && { baseURL: baseUrl }),
    trustedOrigins,
    emailAndPassword: {
      enabled: true,
      // Accounts are made by admins (/admin/users, npm run user:create), never by visitors.
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    // A session lasts a week from sign-in: the app reads sessions itself (userOf in
    // lib/auth/session.ts), so better-auth's sliding refresh would not reach its cookie.
    session: { expiresIn: 7 * 24 * 3600, disableSessionRefresh: true },
    // Per address and path, in the database: npm start serves from several processes.
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 600,
      customRules: { [SIGN_IN_PATH]: { window: 60, max: 20 } },
    },
    advanced: {
      database: { generateId: "serial" },
      useSecureCookies: Boolean(baseUrl?.startsWith("https://")),
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const record = await prisma.signInFailure.findUnique({ where: { email: emailOf(ctx.body) } });
        const wait = waitSeconds(record, new Date());
        if (wait > 0) {
          throw new APIError("TOO_MANY_REQUESTS", {
            code: "ACCOUNT_THROTTLED",
            message: `Too many failed sign-ins for this email: try again in ${wait} s.`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== SIGN_IN_PATH) return;
        const email = emailOf(ctx.body);
        const returned = ctx.context.returned;
        if (isAPIError(returned) && returned.statusCode === 401) {
          await prisma.$executeRaw`
            INSERT INTO "SignInFailure" ("email", "failures", "lastFailedAt") VALUES (${email}, 1, now())
            ON CONFLICT ("email") DO UPDATE SET "failures" = "SignInFailure"."failures" + 1, "lastFailedAt" = now()`;
        } else if (ctx.context.newSession) {
          await prisma.signInFailure.deleteMany({ where: { email } });
        }
      }),
    },
    plugins: [
      admin({
        ac: access,
        roles,
        defaultRole: "VIEWER",
        adminRoles: ["ADMIN"],
        bannedUserMessage: "This account is disabled: ask an admin to enable it.",
      }),
      // Last: sets the cookies of sign-in and sign-out made in server actions.
      nextCookies(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
