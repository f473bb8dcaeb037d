"use server";

import { revalidatePath } from "next/cache";

import { AppError } from "@/lib/api/errors";
import { requireUser } from "@/lib/auth/session";
import { assignSample, AssignmentInputError } from "@/lib/curation/assignments";
import { pgPool } from "@/lib/db";
import { inTransaction } from "@/lib/postgres/connection";
import { sampleForm } from "@/lib/schemas/assignment";

// The admin's one write on /review/stats: a random sample of reviewed edits sent to an
// annotator for a blind second review. Checked on the server: a server action is reachable
// by a direct POST, whatever the page shows.

export type SampleResult = { ok: boolean; message: string };

const plural = (n: number) => `${n} reviewed edit${n === 1 ? "" : "s"}`;

export async function sendSample(_: SampleResult | null, form: FormData): Promise<SampleResult> {
  try {
    const admin = await requireUser("ADMIN");
    const parsed = sampleForm.safeParse(Object.fromEntries(form));
    if (!parsed.success)
      return {
        ok: false,
        message: parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`).join("; "),
      };
    const { userId, count, editTypeId } = parsed.data;
    const sent = await inTransaction(pgPool(), (client) =>
      assignSample(client, { assignedById: admin.id, userId, count, editTypeId }),
    );
    revalidatePath("/review/stats");
    return sent === 0
      ? { ok: true, message: "Sent none: this annotator has reviewed or been sent every reviewed edit that fits." }
      : {
          ok: true,
          message: `Sent ${plural(sent)} for a blind second review${sent < count ? ` (${count} asked; no more fit)` : ""}.`,
        };
  } catch (error) {
    if (error instanceof AppError || error instanceof AssignmentInputError)
      return { ok: false, message: error.message };
    throw error;
  }
}
