"use client";

import { createAuthClient } from "better-auth/react";

// The browser's side of lib/auth: sign-in and sign-out through /api/auth on this origin.
export const authClient = createAuthClient();
