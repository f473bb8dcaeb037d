import "server-only";

import { pgPool } from "../db";
import { exportDir } from "../env";
import { FORMATS, formatOfEnum, type ExportFormatName, type FormatInfo } from "../export/formats";
import { STALLED_AFTER_SECONDS } from "../export/jobs";
import type { Manifest } from "../export/manifest";
import { enqueueExport } from "../export/queue";
import { webQueue } from "../jobs/web-queue";
import { localStore, type ExportStore } from "../export/storage";

// Export jobs as the app shows them, and the queue and store the web process uses.

export type ExportJobView = {
  id: number;
  format: ExportFormatName;
  label: string;
  query: string;
  options: { prefix?: boolean };
  via: "DOWNLOAD" | "JOB" | "CLI";
  status: "QUEUED" | "RUNNING" | "DONE" | "FAILED" | "CANCELLED";
  stalled: boolean;
  rowsTotal: number | null;
  rowsWritten: number;
  bytesWritten: number;
  rowCount: number | null;
  sha256: string | null;
  error: string | null;
  createdBy: { id: number; name: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  // Seconds the run has taken (so far), for its rate.
  seconds: number | null;
  file: string;
  manifest: Manifest | null;
};

export const exportStore = (): ExportStore => localStore(exportDir());

export async function queueExport(id: number): Promise<void> {
  await enqueueExport(await webQueue(), id);
}

type Row = Omit<
  ExportJobView,
  "format" | "label" | "createdBy" | "createdAt" | "startedAt" | "finishedAt" | "file" | "bytesWritten"
> & {
  formatEnum: FormatInfo["enum"];
  creatorId: number | null;
  creatorName: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  bytesWritten: string;
};

const SELECT = `SELECT x."id", x."format"::text AS "formatEnum", x."query", x."options", x."via", x."status",
    x."status" = 'RUNNING' AND x."heartbeatAt" < now() - make_interval(secs => ${STALLED_AFTER_SECONDS}) AS stalled,
    x."rowsTotal", x."rowsWritten", x."bytesWritten"::text AS "bytesWritten", x."rowCount", x."sha256", x."error",
    x."createdById" AS "creatorId", u."name" AS "creatorName", x."createdAt", x."startedAt", x."finishedAt",
    extract(epoch FROM COALESCE(x."finishedAt", x."heartbeatAt") - x."startedAt")::float AS seconds, x."manifest"
  FROM "ExportJob" x LEFT JOIN "User" u ON u."id" = x."createdById"
  WHERE x."deletedAt" IS NULL`;

function view(row: Row): ExportJobView {
  const { formatEnum, creatorId, creatorName, ...rest } = row;
  const format = formatOfEnum(formatEnum);
  return {
    ...rest,
    format,
    label: FORMATS[format].label,
    file: row.manifest?.files[0]?.name ?? FORMATS[format].file,
    bytesWritten: Number(row.bytesWritten),
    createdBy: creatorId === null ? null : { id: creatorId, name: creatorName ?? `user ${creatorId}` },
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function listExports(limit = 100): Promise<ExportJobView[]> {
  const { rows } = await pgPool().query<Row>(`${SELECT} ORDER BY x."id" DESC LIMIT $1`, [limit]);
  return rows.map(view);
}

export async function getExport(id: number): Promise<ExportJobView | null> {
  const { rows } = await pgPool().query<Row>(`${SELECT} AND x."id" = $1`, [id]);
  return rows[0] ? view(rows[0]) : null;
}
