import { AppError } from "@/lib/api/errors";
import type { ManageResult } from "@/lib/export/jobs";

// A cancel, delete or retry that did not happen, as the error that says why.
export function managed(id: number, action: string, result: ManageResult): void {
  if (result === "not-found") throw new AppError("NOT_FOUND", `No export ${id}.`);
  if (result === "forbidden")
    throw new AppError("FORBIDDEN", `Only the person who started export ${id}, or an admin, may ${action} it.`);
  if (result === "conflict")
    throw new AppError(
      "CONFLICT",
      action === "cancel"
        ? `Export ${id} is not queued or running: there is nothing to cancel.`
        : `Export ${id} is done or still running: only a failed, cancelled or stalled export runs again.`,
    );
}
