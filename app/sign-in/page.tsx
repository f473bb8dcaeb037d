import { redirect } from "next/navigation";

import { SignInForm } from "@/components/auth/sign-in-form";
import { currentUser } from "@/lib/auth/session";
import { db } from "@/lib/db";
import { searchParamsOf } from "@/lib/schemas/page-params";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// Where to go once signed in: a path of this app only, never another site.
function nextPath(value: string | null): string {
  return value && value.startsWith("/") && !value.startsWith("//") && !value.includes("\\") ? value : "/";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = nextPath(searchParamsOf(await searchParams).get("next"));
  if (await currentUser()) redirect(next);
  const users = await db.user.count();
  return (
    <section className="mx-auto max-w-sm space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Sign in</h1>
      {users === 0 ? (
        <div
          className="rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
          data-testid="no-users"
        >
          <p className="font-medium">This database has no user yet.</p>
          <p className="mt-2">Create the first admin on the machine that runs the app:</p>
          <pre className="mt-2 overflow-x-auto rounded bg-white p-2 text-xs">
            npm run user:create -- --email you@example.org --role ADMIN
          </pre>
          <p className="mt-2">It prints a generated password; sign in with it here.</p>
        </div>
      ) : null}
      <SignInForm next={next} />
    </section>
  );
}
