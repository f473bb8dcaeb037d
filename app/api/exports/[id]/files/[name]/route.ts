// GET /api/exports/<id>/files/<name>: a finished export's data file, manifest.json or README.md.
import { Readable } from "node:stream";

import { AppError, invalidInput, routeHandler } from "@/lib/api/errors";
import { requireRole } from "@/lib/auth/session";
import { exportStore, getExport } from "@/lib/data/exports";
import { FORMATS } from "@/lib/export/formats";
import { ID_RULE, parseId } from "@/lib/schemas/id";

type Context = { params: Promise<{ id: string; name: string }> };

export const GET = routeHandler("export file", async (request: Request, { params }: Context) => {
  await requireRole("VIEWER", request.headers);
  const { id: rawId, name } = await params;
  const id = parseId(rawId);
  if (id === null) throw invalidInput([{ param: "id", message: ID_RULE }]);
  const job = await getExport(id);
  if (!job) throw new AppError("NOT_FOUND", `No export ${id}.`);
  const names = [job.file, "manifest.json", "README.md"];
  if (!names.includes(name))
    throw new AppError("NOT_FOUND", `Export ${id} has no file "${name}"; its files are ${names.join(", ")}.`);
  if (job.status !== "DONE")
    throw new AppError("NOT_FOUND", `Export ${id} is ${job.status.toLowerCase()}: it has no files.`);
  const file = await exportStore().open(`${id}/${name}`);
  if (!file) throw new AppError("NOT_FOUND", `The file ${name} of export ${id} is gone from the export store.`);
  const contentType =
    name === "manifest.json"
      ? "application/json"
      : name === "README.md"
        ? "text/markdown; charset=utf-8"
        : FORMATS[job.format].contentType;
  return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": contentType,
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="export-${id}-${name}"`,
    },
  });
});
