// GET /api/exports/download?format=F[&prefix=true]&<the gallery's filter params>: the export
// streamed into the response as it is read, and kept in the export store with its manifest
// (listed on /exports). A client that goes away stops the query and leaves no file.
import { PassThrough, Readable } from "node:stream";

import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { appDatabaseUrl, pgPool } from "@/lib/db";
import { exportStore } from "@/lib/data/exports";
import { FORMATS } from "@/lib/export/formats";
import { createExport, runExport } from "@/lib/export/jobs";
import { storeTarget } from "@/lib/export/queue";
import { parseExportRequest } from "@/lib/export/request";

export const GET = routeHandler("export download", async (request: Request) => {
  const user = await requireUser("VIEWER", request.headers);
  const params = new URL(request.url).searchParams;
  const format = params.get("format") ?? undefined;
  const prefix = params.get("prefix");
  if (prefix !== null && prefix !== "true" && prefix !== "false")
    throw invalidInput([{ param: "prefix", message: "must be true or false" }]);
  params.delete("format");
  params.delete("prefix");
  const asked = parseExportRequest({
    format,
    filter: params.toString(),
    options: prefix === "true" ? { prefix: true } : {},
  });
  if (!asked.ok) throw invalidInput(asked.problems);
  const pool = pgPool();
  const id = await createExport(pool, { ...asked, via: "DOWNLOAD", userId: user.id });
  const body = new PassThrough();
  const run = runExport(pool, appDatabaseUrl(), id, storeTarget(exportStore(), id), {
    signal: request.signal,
    // The next chunk is read once the client took this one, or went away.
    tee: (chunk) =>
      body.write(chunk)
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            body.once("drain", resolve);
            request.signal.addEventListener("abort", () => resolve(), { once: true });
          }),
  });
  run.then(
    (result) => (result?.status === "DONE" ? body.end() : body.destroy(new Error(result?.error ?? "not run"))),
    (error: Error) => body.destroy(error),
  );
  const info = FORMATS[asked.format];
  return new Response(Readable.toWeb(body) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": info.contentType,
      "content-disposition": `attachment; filename="export-${id}-${info.file}"`,
      "x-export-id": String(id),
      "cache-control": "no-store",
    },
  });
});
