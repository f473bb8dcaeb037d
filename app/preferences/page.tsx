import { PlannedSection } from "@/components/layout/planned-section";
import { requirePage } from "@/lib/auth/session";

export const metadata = { title: "Preferences" };

export default async function PreferencesPage() {
  await requirePage("VIEWER", "/preferences");
  return (
    <PlannedSection title="Preferences">
      <p>
        The preference subset: chosen and rejected edits of the same task side by side, with whether each pair comes
        from the judge or from a human review.
      </p>
    </PlannedSection>
  );
}
