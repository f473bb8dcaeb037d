import Link from "next/link";

// A signed-in user on a page their role does not open (requirePage in lib/auth/session.ts).
export default function Forbidden() {
  return (
    <div className="max-w-xl rounded-lg border border-zinc-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Not for your role</h1>
      <p className="mt-2 text-sm text-zinc-600">
        Your account&apos;s role does not open this page. An admin can change your role under Users.
      </p>
      <p className="mt-4 text-sm">
        <Link href="/" className="underline">
          Back to the overview
        </Link>
      </p>
    </div>
  );
}
