// better-auth's endpoints (lib/auth): sign-in, sign-out, the session, and the admin plugin's
// user management, with their own checks of origin, role and rate.
import { toNextJsHandler } from "better-auth/next-js";

import { getAuth } from "@/lib/auth/session";

export const { GET, POST } = toNextJsHandler((request: Request) => getAuth().handler(request));
