"use client";

import { useActionState } from "react";

import { createUser, type ActionResult } from "@/app/admin/users/actions";
import { MIN_PASSWORD_LENGTH, ROLE_LABELS, ROLES } from "@/lib/auth/roles";

// A new account with a role and a temporary password: typed, or generated and shown once.
export function CreateUserForm() {
  const [result, submit, pending] = useActionState<ActionResult | null, FormData>(createUser, null);
  return (
    <form action={submit} className="grid gap-3 sm:grid-cols-5 sm:items-end" aria-label="Create a user">
      <label className="text-sm">
        <span className="font-medium">Email</span>
        <input
          name="email"
          type="email"
          required
          className="mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5"
        />
      </label>
      <label className="text-sm">
        <span className="font-medium">Name</span>
        <input name="name" required className="mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5" />
      </label>
      <label className="text-sm">
        <span className="font-medium">Role</span>
        <select
          name="role"
          defaultValue="VIEWER"
          className="mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5"
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="font-medium">Temporary password</span>
        <input
          name="password"
          type="text"
          minLength={MIN_PASSWORD_LENGTH}
          placeholder="generated when empty"
          autoComplete="off"
          className="mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5"
        />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50"
      >
        Create
      </button>
      {result ? (
        <p
          role={result.ok ? "status" : "alert"}
          className={`sm:col-span-5 text-sm ${result.ok ? "text-emerald-800" : "text-rose-800"}`}
        >
          {result.message}
          {result.ok && result.password ? (
            <>
              {" "}
              Password: <code data-testid="new-password">{result.password}</code> (shown once).
            </>
          ) : null}
        </p>
      ) : null}
    </form>
  );
}
