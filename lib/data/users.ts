import "server-only";

import { db } from "../db";

export type Annotator = { id: number; name: string; email: string };

// Who can review: annotators and admins who are not disabled (a ban that has run out is
// none, as for sign-in: lib/auth/session.ts).
export const findAnnotators = (): Promise<Annotator[]> =>
  db.user.findMany({
    where: { role: { in: ["ANNOTATOR", "ADMIN"] }, OR: [{ banned: false }, { banExpires: { lt: new Date() } }] },
    orderBy: { id: "asc" },
    select: { id: true, name: true, email: true },
  });
