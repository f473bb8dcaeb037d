import { PlannedSection } from "@/components/layout/planned-section";

export const metadata = { title: "Sequences" };

export default function SequencesPage() {
  return (
    <PlannedSection title="Sequences">
      <p>Multi-turn editing sessions as filmstrips: the original image and every turn with its instruction and verdict, with the turns after a failed one marked as suspect.</p>
    </PlannedSection>
  );
}
