import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserActions } from "@/components/admin/user-actions";
import { ROLE_LABELS, isRole } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/session";
import { db } from "@/lib/db";

export const metadata = { title: "Users" };
export const dynamic = "force-dynamic";

// Admins only: every account, its role, whether it is disabled and its live sessions.
export default async function UsersPage() {
  const admin = await requirePage("ADMIN", "/admin/users");
  const users = await db.user.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      banned: true,
      createdAt: true,
      _count: { select: { sessions: { where: { expiresAt: { gt: new Date() } } } } },
    },
  });
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
        <p className="mt-1 text-sm text-zinc-600">
          A viewer browses and exports, an annotator also reviews, an admin also imports and manages users. Disabling a
          user ends their sessions at once and refuses their sign-in.
        </p>
      </div>
      <CreateUserForm />
      <table className="w-full text-sm" data-testid="users">
        <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
          <tr>
            <th className="py-2 font-medium">User</th>
            <th className="py-2 font-medium">Role</th>
            <th className="py-2 font-medium">Sessions</th>
            <th className="py-2 font-medium">Since</th>
            <th className="py-2 font-medium">Change</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200">
          {users.map((user) => (
            <tr key={user.id} data-email={user.email} className={user.banned ? "text-zinc-400" : undefined}>
              <td className="py-2">
                <div className="font-medium">{user.name}</div>
                <div className="text-zinc-500">{user.email}</div>
              </td>
              <td className="py-2">
                {ROLE_LABELS[user.role]}
                {user.banned ? " · disabled" : ""}
              </td>
              <td className="py-2 tabular-nums">{user._count.sessions}</td>
              <td className="py-2 tabular-nums">{user.createdAt.toISOString().slice(0, 10)}</td>
              <td className="py-2">
                {user.id === admin?.id || !isRole(user.role) ? (
                  <span className="text-zinc-500">you</span>
                ) : (
                  <UserActions userId={user.id} role={user.role} disabled={user.banned} />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
