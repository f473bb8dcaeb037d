"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";

import { revokeSessions, setDisabled, setRole, type ActionResult } from "@/app/admin/users/actions";
import { ROLE_LABELS, ROLES, type Role } from "@/lib/auth/roles";

// One user's row controls: change role, disable or enable, end sessions. Each answer, or
// its error, shows beside them.
export function UserActions({ userId, role, disabled }: { userId: number; role: Role; disabled: boolean }) {
  const router = useRouter();
  const [result, setResult] = useState<ActionResult | null>(null);
  const [pending, startTransition] = useTransition();
  const run = (action: (form: FormData) => Promise<ActionResult>, fields: Record<string, string>) =>
    startTransition(async () => {
      const form = new FormData();
      form.set("userId", String(userId));
      for (const [key, value] of Object.entries(fields)) form.set(key, value);
      setResult(await action(form));
      router.refresh();
    });
  return (
    <div className="flex flex-wrap items-center gap-2">
      <select
        aria-label="Role"
        value={role}
        disabled={pending}
        onChange={(event) => run(setRole, { role: event.target.value })}
        className="rounded-md border border-zinc-300 px-2 py-1"
      >
        {ROLES.map((one) => (
          <option key={one} value={one}>
            {ROLE_LABELS[one]}
          </option>
        ))}
      </select>
      <button
        type="button"
        disabled={pending}
        onClick={() => run(setDisabled, { disabled: String(!disabled) })}
        className="rounded-md border border-zinc-300 px-2 py-1 hover:bg-zinc-100"
      >
        {disabled ? "Enable" : "Disable"}
      </button>
      <button
        type="button"
        disabled={pending}
        onClick={() => run(revokeSessions, {})}
        className="rounded-md border border-zinc-300 px-2 py-1 hover:bg-zinc-100"
      >
        End sessions
      </button>
      {result ? (
        <span role={result.ok ? "status" : "alert"} className={result.ok ? "text-emerald-800" : "text-rose-800"}>
          {result.message}
        </span>
      ) : null}
    </div>
  );
}
