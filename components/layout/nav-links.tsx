"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

import { hasRole, type Role } from "@/lib/auth/roles";

// Each section with the role that opens it.
export const SECTIONS: { href: string; label: string; needs: Role }[] = [
  { href: "/", label: "Overview", needs: "VIEWER" },
  { href: "/edits", label: "Gallery", needs: "VIEWER" },
  { href: "/taxonomy", label: "Taxonomy", needs: "VIEWER" },
  { href: "/sequences", label: "Sequences", needs: "VIEWER" },
  { href: "/review", label: "Review", needs: "ANNOTATOR" },
  { href: "/preferences", label: "Preferences", needs: "VIEWER" },
  { href: "/exports", label: "Exports", needs: "VIEWER" },
  { href: "/judges", label: "Judges", needs: "VIEWER" },
  { href: "/admin/users", label: "Users", needs: "ADMIN" },
];

// The sections the signed-in user's role opens (role null: an anonymous visitor, who sees
// what a viewer sees where browsing is public, and is sent to sign in otherwise).
export function NavLinks({ role }: { role: Role | null }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="flex flex-wrap gap-1">
      {SECTIONS.filter((section) => hasRole(role ?? "VIEWER", section.needs)).map((section) => {
        const active = section.href === "/" ? pathname === "/" : pathname.startsWith(section.href);
        return (
          <Link
            key={section.href}
            href={section.href}
            aria-current={active ? "page" : undefined}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${active ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"}`}
          >
            {section.label}
          </Link>
        );
      })}
    </nav>
  );
}
