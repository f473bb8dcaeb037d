"use client";

import { useRouter } from "next/navigation";

import { authClient } from "@/lib/auth/client";
import { ROLE_LABELS, type Role } from "@/lib/auth/roles";

// The header's account corner: who is signed in, as what, and sign-out.
export function UserMenu({ user }: { user: { name: string; role: Role } | null }) {
  const router = useRouter();
  if (!user) {
    return (
      <a href="/sign-in" className="ml-auto text-sm font-medium text-zinc-700 hover:underline">
        Sign in
      </a>
    );
  }
  async function signOut() {
    await authClient.signOut();
    router.push("/sign-in");
    router.refresh();
  }
  return (
    <div className="ml-auto flex items-center gap-3 text-sm" data-testid="user-menu">
      <span>
        <span className="font-medium">{user.name}</span>{" "}
        <span className="text-zinc-500" data-testid="user-role">
          {ROLE_LABELS[user.role]}
        </span>
      </span>
      <button type="button" onClick={signOut} className="rounded-md px-2 py-1 text-zinc-600 hover:bg-zinc-100">
        Sign out
      </button>
    </div>
  );
}
