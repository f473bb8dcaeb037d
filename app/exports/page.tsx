import { ExportJobs } from "@/components/exports/export-jobs";
import { NewExportForm } from "@/components/exports/new-export-form";
import { requirePage } from "@/lib/auth/session";
import { listExports } from "@/lib/data/exports";
import { searchParamsOf, type PageSearchParams } from "@/lib/schemas/page-params";

export const metadata = { title: "Exports" };

// Export jobs and their files, and a form for a new one; ?filter= is the gallery's query
// string its "Run as job" link carries into the form.
export default async function ExportsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = searchParamsOf(await searchParams);
  const user = await requirePage("VIEWER", "/exports", params);
  const jobs = await listExports();
  return (
    <div className="space-y-6">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Exports</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600">
          Any filtered set of edits as JSONL in the dataset&apos;s own three formats (SFT, preference, multi-turn) with
          effective verdicts applied, or as a table of edits in JSONL, CSV or Parquet, each with a manifest of the
          filter, counts and checksum, and a dataset card.
        </p>
      </header>
      {/* A public browse's anonymous visitor may read the list, not start an export. */}
      {user ? <NewExportForm filter={params.get("filter") ?? ""} /> : null}
      <ExportJobs initial={jobs} viewer={user && { id: user.id, role: user.role }} />
    </div>
  );
}
