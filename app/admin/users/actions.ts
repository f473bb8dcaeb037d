"use server";

import { headers } from "next/headers";
import { revalidatePath } from "next/cache";

import { AppError } from "@/lib/api/errors";
import { isRole } from "@/lib/auth/roles";
import { getAuth, requireRole } from "@/lib/auth/session";
import { createUserAccount, generatePassword, UserInputError } from "@/lib/auth/users";

// The admin's writes on /admin/users, each checked on the server (requireRole, then
// better-auth's own admin check on the same session). Each answers what the page shows:
// a message, or the error's.

export type ActionResult = { ok: true; message: string; password?: string } | { ok: false; message: string };

async function act(run: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    await requireRole("ADMIN");
    const result = await run();
    revalidatePath("/admin/users");
    return result;
  } catch (error) {
    if (error instanceof AppError || error instanceof UserInputError) return { ok: false, message: error.message };
    const body = (error as { body?: { message?: string } }).body;
    if (body?.message) return { ok: false, message: body.message };
    throw error;
  }
}

const userIdOf = (form: FormData): string => {
  const id = String(form.get("userId") ?? "");
  if (!/^\d{1,9}$/.test(id)) throw new AppError("INVALID_INPUT", `userId: "${id}" is not a user id`);
  return id;
};

export async function createUser(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return act(async () => {
    const typed = String(form.get("password") ?? "");
    const password = typed || generatePassword();
    const { user } = await createUserAccount(getAuth(), {
      email: form.get("email"),
      name: form.get("name"),
      role: form.get("role"),
      password,
    });
    return {
      ok: true,
      message: `Created ${user.email} (${user.role.toLowerCase()}).`,
      ...(!typed && { password }),
    };
  });
}

export async function setRole(form: FormData): Promise<ActionResult> {
  return act(async () => {
    const role = form.get("role");
    if (!isRole(role)) throw new AppError("INVALID_INPUT", `role: "${String(role)}" is not a role`);
    await getAuth().api.setRole({ body: { userId: userIdOf(form), role }, headers: await headers() });
    return { ok: true, message: "Role changed." };
  });
}

export async function setDisabled(form: FormData): Promise<ActionResult> {
  return act(async () => {
    const userId = userIdOf(form);
    if (form.get("disabled") === "true") {
      await getAuth().api.banUser({ body: { userId }, headers: await headers() });
      return { ok: true, message: "Disabled: its sessions have ended." };
    }
    await getAuth().api.unbanUser({ body: { userId }, headers: await headers() });
    return { ok: true, message: "Enabled." };
  });
}

export async function revokeSessions(form: FormData): Promise<ActionResult> {
  return act(async () => {
    await getAuth().api.revokeUserSessions({ body: { userId: userIdOf(form) }, headers: await headers() });
    return { ok: true, message: "Sessions ended." };
  });
}
