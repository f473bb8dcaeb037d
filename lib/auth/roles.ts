// Who may do what (DESIGN.md): a viewer browses and exports, an annotator also reviews, an
// admin also imports and manages users. Each role can do all that the roles before it can.
// No server code here: the header and the admin pages show roles too.

export const ROLES = ["VIEWER", "ANNOTATOR", "ADMIN"] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { VIEWER: 0, ANNOTATOR: 1, ADMIN: 2 };

export const hasRole = (role: Role, needed: Role): boolean => RANK[role] >= RANK[needed];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

export const ROLE_LABELS: Record<Role, string> = { VIEWER: "viewer", ANNOTATOR: "annotator", ADMIN: "admin" };

// "a viewer", "an annotator", "an admin": for messages.
export const aRole = (role: Role): string => `${role === "VIEWER" ? "a" : "an"} ${ROLE_LABELS[role]}`;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 128;
