import { ScoreCorrections, VerdictAgreement, type AgreementRow } from "@/components/agreement/agreement-tables";
import { SampleForm } from "@/components/agreement/sample-form";
import { getAgreement } from "@/lib/data/agreement";
import { getTaxonomy } from "@/lib/data/taxonomy";
import { findAnnotators } from "@/lib/data/users";
import { requirePage } from "@/lib/auth/session";
import { emptyTable } from "@/lib/stats/agreement";

export const metadata = { title: "Agreement" };
export const dynamic = "force-dynamic";

// How far the annotators agree with the judge, per category and edit type, how they
// corrected its scores, and how far they agree with each other where two reviewed one edit.
// An admin sends reviewed edits to a second annotator from here.
export default async function ReviewStatsPage() {
  const user = await requirePage("ANNOTATOR", "/review/stats");
  const isAdmin = user?.role === "ADMIN";
  const [agreement, taxonomy, annotators] = await Promise.all([
    getAgreement(),
    getTaxonomy(),
    isAdmin ? findAnnotators() : [],
  ]);
  const { judgeHuman } = agreement;
  const categoryRows: AgreementRow[] = taxonomy.map((category) => ({
    key: `category-${category.id}`,
    label: category.name,
    table: judgeHuman.byCategory.get(category.id) ?? emptyTable(),
  }));
  const typeRows: AgreementRow[] = taxonomy.flatMap((category) =>
    category.types.map((type) => ({
      key: `type-${type.id}`,
      label: type.name,
      group: category.name,
      table: judgeHuman.byType.get(type.id) ?? emptyTable(),
    })),
  );
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Agreement</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600">
          The judge against the annotators on the edits that carry both verdicts (an edit&apos;s newest review counts).
          Agreement is the share where the annotator&apos;s verdict is the judge&apos;s; κ is Cohen&apos;s kappa, the
          agreement beyond what the two pass rates give by chance, &ldquo;–&rdquo; where every verdict was the same.
        </p>
      </div>
      <VerdictAgreement
        title="Judge and annotators, all reviewed edits"
        raters={["judge", "human"]}
        rows={[{ key: "all", label: "All edits", table: judgeHuman.overall }]}
        testId="agreement-overall"
      />
      <VerdictAgreement
        title="By category"
        raters={["judge", "human"]}
        rows={categoryRows}
        testId="agreement-categories"
      />
      <VerdictAgreement title="By edit type" raters={["judge", "human"]} rows={typeRows} testId="agreement-types" />
      <div className="space-y-2">
        <ScoreCorrections figures={agreement.corrections} />
        <p className="text-xs text-zinc-500">
          Over the edits whose newest review corrected scores: how far the annotators moved the judge&apos;s score
          (criteria they kept count as 0), and Spearman&apos;s rank correlation between the judge&apos;s scores and
          theirs (ties take their mean rank).
        </p>
      </div>
      <div className="space-y-2">
        <VerdictAgreement
          title="Between annotators"
          raters={["first", "second"]}
          rows={[{ key: "annotators", label: "Edits two annotators reviewed", table: agreement.annotators }]}
          testId="agreement-annotators"
        />
        <p className="text-xs text-zinc-500">
          Per edit, the verdicts of the first two annotators who reviewed it, each their own newest that no undo took
          back. An admin sends reviewed edits to a second annotator below; their queue shows them first, without the
          verdicts already given.
        </p>
      </div>
      {isAdmin ? (
        <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4">
          <h2 className="font-medium">Send for a blind second review</h2>
          <p className="text-sm text-zinc-600">
            A random sample of edits with a human verdict that the annotator has neither reviewed nor been sent.
          </p>
          <SampleForm annotators={annotators} categories={taxonomy} />
        </div>
      ) : null}
    </section>
  );
}
