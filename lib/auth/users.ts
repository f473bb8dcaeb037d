import { z } from "zod";

import type { Auth } from "./config";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, ROLES, type Role } from "./roles";

// A new account as an admin makes one (the /admin/users page, npm run user:create, the
// demo): checked here first, since better-auth's admin createUser does not hold passwords to
// the sign-in rules. Emails are stored in lower case.
export const newUserSchema = z.object({
  email: z
    .email({ error: "must be an email address" })
    .max(254)
    .transform((email) => email.toLowerCase()),
  name: z.string().trim().min(1, { error: "must not be empty" }).max(100),
  role: z.enum(ROLES, { error: `must be one of ${ROLES.join(", ")}` }),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
    .max(MAX_PASSWORD_LENGTH, { error: `must be at most ${MAX_PASSWORD_LENGTH} characters` }),
});
export type NewUser = z.infer<typeof newUserSchema>;

export class UserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UserInputError";
  }
}

export function checkNewUser(input: unknown): NewUser {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success)
    throw new UserInputError(
      parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("; "),
    );
  return parsed.data;
}

// A password of 20 characters from a 62-letter alphabet (about 119 bits), for an account
// made without one.
export function generatePassword(): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  let password = "";
  while (password.length < 20) {
    // Bytes of 248 and over are dropped: 248 = 4 x 62, so the rest pick every letter alike.
    const [byte] = crypto.getRandomValues(new Uint8Array(1));
    if (byte !== undefined && byte < 248) password += alphabet[byte % 62];
  }
  return password;
}

// Creates the account through better-auth, called with no request: a trusted server call.
export async function createUserAccount(auth: Auth, input: unknown): Promise<{ id: number; user: NewUser }> {
  const user = checkNewUser(input);
  try {
    const { user: created } = await auth.api.createUser({
      body: { email: user.email, name: user.name, password: user.password, role: user.role },
    });
    return { id: Number(created.id), user };
  } catch (error) {
    const message =
      (error as { body?: { message?: string }; message?: string }).body?.message ?? (error as Error).message;
    if (/exist/i.test(message)) throw new UserInputError(`email: ${user.email} already has an account`);
    throw error;
  }
}

// A role as typed on a command line, in any case.
export const roleOfArg = (value: string): Role | undefined => ROLES.find((role) => role === value.toUpperCase());
