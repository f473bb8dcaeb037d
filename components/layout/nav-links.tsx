"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

export const SECTIONS = [
  { href: "/", label: "Overview" },
  { href: "/edits", label: "Gallery" },
  { href: "/taxonomy", label: "Taxonomy" },
  { href: "/sequences", label: "Sequences" },
  { href: "/review", label: "Review" },
  { href: "/preferences", label: "Preferences" },
  { href: "/exports", label: "Exports" },
] as const;

export function NavLinks() {
  const pathname = usePathname();
  return (
    <nav aria-label="Sections" className="flex flex-wrap gap-1">
      {SECTIONS.map((section) => {
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
