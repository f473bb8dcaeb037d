// GET /api/exports: the newest export jobs, with their progress and manifests.
// POST /api/exports, body { format, filter, options? }: an export job for the worker; filter
// is the gallery's query string (or the filter as JSON text). 201 with the job.
import { z } from "zod";

import { readJson } from "@/lib/api/body";
import { invalidInput, routeHandler } from "@/lib/api/errors";
import { requireRole, requireUser } from "@/lib/auth/session";
import { pgPool } from "@/lib/db";
import { getExport, listExports, queueExport } from "@/lib/data/exports";
import { createExport } from "@/lib/export/jobs";
import { parseExportRequest } from "@/lib/export/request";

const body = z.object({
  format: z.string({ error: "must be text" }).optional(),
  filter: z.string({ error: "must be the gallery's query string" }).max(10_000, { error: "is too long" }).default(""),
  options: z.unknown().optional(),
});

export const GET = routeHandler("export list", async (request: Request) => {
  await requireRole("VIEWER", request.headers);
  return Response.json({ items: await listExports() });
});

export const POST = routeHandler("export", async (request: Request) => {
  const user = await requireUser("VIEWER", request.headers);
  const asked = parseExportRequest(await readJson(request, body));
  if (!asked.ok) throw invalidInput(asked.problems);
  const id = await createExport(pgPool(), { ...asked, via: "JOB", userId: user.id });
  await queueExport(id);
  return Response.json(await getExport(id), { status: 201 });
});
