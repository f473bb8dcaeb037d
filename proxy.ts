import { NextResponse, type NextRequest } from "next/server";

// Runs before routing, on the paths with dynamic segments: a path whose percent-escapes do not
// decode (`%zz`, or bytes that are not UTF-8) cannot name any page or record, and Next.js would
// fail on decoding it with a bare 500. It gets a 400 that says so: JSON under /api, as every
// API error is, text elsewhere.
export function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  try {
    decodeURIComponent(pathname);
    return NextResponse.next();
  } catch {
    const message = `the path ${pathname} has a percent-escape that is not UTF-8`;
    if (pathname.startsWith("/api/")) {
      return NextResponse.json({ error: { code: "INVALID_INPUT", message } }, { status: 400 });
    }
    return new NextResponse(`Bad request: ${message}.`, { status: 400, headers: { "content-type": "text/plain" } });
  }
}

// Only under the routes with a dynamic segment: elsewhere such a path matches no route and
// is a 404, and running the proxy cost every gallery API request 2.5 ms.
export const config = {
  matcher: [
    "/edits/:path+",
    "/sequences/:path+",
    // Not /api/edits/facets, a fixed path the gallery asks on every change of its filter.
    "/api/edits/((?!facets$).+)",
    "/api/images/:path+",
    "/api/exports/:path+",
    "/api/judges/runs/:path+",
    "/api/reviews/:id/undo",
    "/api/reviews/batches/:id/undo",
  ],
};
