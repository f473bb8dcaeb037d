import type { Role } from "../lib/auth/roles";

// Where e2e/auth.setup.ts keeps each role's signed-in browser state.
export const STATE = (role: Role) => `e2e/.auth/${role.toLowerCase()}.json`;
