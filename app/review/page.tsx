import { PlannedSection } from "@/components/layout/planned-section";
import { requirePage } from "@/lib/auth/session";

export const metadata = { title: "Review" };

export default async function ReviewPage() {
  await requirePage("ANNOTATOR", "/review");
  return (
    <PlannedSection title="Review">
      <p>
        A keyboard-first queue of borderline judge verdicts (near the threshold, or where signals disagree). Each
        verdict an annotator gives is stored as a review and updates the task&apos;s preference pairs at once; two
        annotators on one edit are flagged, never silently overwritten.
      </p>
    </PlannedSection>
  );
}
