import { PlannedSection } from "@/components/layout/planned-section";

export const metadata = { title: "Taxonomy" };

export default function TaxonomyPage() {
  return (
    <PlannedSection title="Taxonomy">
      <p>For each of the 8 categories and 35 edit types: counts by subset, judge and effective pass rates, criterion means and reviewed counts, with a what-if control for the threshold and weights. Every number links to the gallery filtered to those edits.</p>
    </PlannedSection>
  );
}
