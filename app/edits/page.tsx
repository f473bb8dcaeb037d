import { PlannedSection } from "@/components/layout/planned-section";

export const metadata = { title: "Gallery" };

export default function GalleryPage() {
  return (
    <PlannedSection title="Gallery">
      <p>A virtualized grid of before → after pairs for every edit, filtered by category, edit type, subset, verdict, score range and instruction text, with counts beside every facet. Each edit opens to a side-by-side, slider and flicker comparison with its score breakdown.</p>
    </PlannedSection>
  );
}
