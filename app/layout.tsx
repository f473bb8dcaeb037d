import type { Metadata } from "next";
import Link from "next/link";

import { UserMenu } from "@/components/auth/user-menu";
import { NavLinks } from "@/components/layout/nav-links";
import { Providers } from "@/components/providers";
import { currentUser } from "@/lib/auth/session";

import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Pico Curator", template: "%s · Pico Curator" },
  description: "Browse, audit and curate text-guided image-editing datasets.",
};

export default async function RootLayout({ children }: Readonly<{ children: React.ReactNode }>) {
  const user = await currentUser();
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 text-zinc-900 antialiased">
        <header className="border-b border-zinc-200 bg-white">
          <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-6 px-6 py-3">
            <Link href="/" className="text-base font-semibold tracking-tight">
              Pico Curator
            </Link>
            <NavLinks role={user?.role ?? null} />
            <UserMenu user={user && { name: user.name, role: user.role }} />
          </div>
        </header>
        <main className="mx-auto max-w-6xl px-6 py-8">
          <Providers>{children}</Providers>
        </main>
      </body>
    </html>
  );
}
