import type { ExportJobView } from "@/lib/data/exports";
import type { ExportFormatName } from "@/lib/export/formats";

// The export API as the browser calls it. A refusal becomes an Error carrying the server's
// message ("Only the person who started export 12, or an admin, may cancel it.").

async function call(method: "POST" | "DELETE", url: string, body?: unknown): Promise<Response> {
  const response = await fetch(url, {
    method,
    ...(body !== undefined && { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
  if (!response.ok) {
    const json = await response.json().catch(() => null);
    throw new Error(json?.error?.message ?? `${method} ${url} answered ${response.status}`);
  }
  return response;
}

export const startExport = (body: { format: ExportFormatName; filter: string; options: { prefix?: boolean } }) =>
  call("POST", "/api/exports", body).then((response) => response.json() as Promise<ExportJobView>);

export const cancelExport = (id: number) => call("POST", `/api/exports/${id}/cancel`);

export const retryExport = (id: number) => call("POST", `/api/exports/${id}/retry`);

// 204: the files are gone and the job leaves the list.
export const deleteExport = (id: number) => call("DELETE", `/api/exports/${id}`);
