import { PlannedSection } from "@/components/layout/planned-section";
import { requirePage } from "@/lib/auth/session";

export const metadata = { title: "Exports" };

export default async function ExportsPage() {
  await requirePage("VIEWER", "/exports");
  return (
    <PlannedSection title="Exports">
      <p>
        Any filtered set of edits as JSONL in the dataset&apos;s own three formats (SFT, preference, multi-turn) with
        effective verdicts applied, or as CSV and Parquet, with a manifest of the filter, counts, checksum and licence
        notice beside it.
      </p>
    </PlannedSection>
  );
}
