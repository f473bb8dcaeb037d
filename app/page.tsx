import { EditCard } from "@/components/gallery/edit-card";
import { Stat } from "@/components/ui/stat";
import { getHomeStats, getLatestEdits } from "@/lib/data/stats";
import { formatCount, formatRate } from "@/lib/format";
import { PASS_THRESHOLD, WEIGHTS } from "@/lib/scoring/scoring";
import { requirePage } from "@/lib/auth/session";

// Figures are read from the database on every request.
export const dynamic = "force-dynamic";

const SUBSET_LABELS = { sft: "Single-turn (SFT)", preference: "Preference", "multi-turn": "Multi-turn" } as const;

export default async function HomePage() {
  await requirePage("VIEWER", "/");
  const [stats, recent] = await Promise.all([getHomeStats(), getLatestEdits()]);
  const maxCategory = Math.max(1, ...stats.categories.map((c) => c.edits));
  return (
    <div className="space-y-10">
      <section>
        <h1 className="text-2xl font-semibold tracking-tight">Overview</h1>
        <p className="mt-1 text-sm text-zinc-600">
          Overall score = {WEIGHTS.compliance} compliance + {WEIGHTS.realism} realism + {WEIGHTS.preservation}{" "}
          preservation + {WEIGHTS.technical} technical; an edit passes at {PASS_THRESHOLD.toFixed(2)} or more.
        </p>
        <div className="mt-4 grid grid-cols-2 gap-3 md:grid-cols-4">
          <Stat
            label="Tasks"
            value={formatCount(stats.totals.tasks)}
            detail={`${formatCount(stats.totals.images)} images`}
            testId="stat-tasks"
          />
          <Stat
            label="Edits"
            value={formatCount(stats.totals.edits)}
            detail={`${formatCount(stats.totals.pairs)} preference pairs`}
            testId="stat-edits"
          />
          <Stat
            label="Judge pass rate"
            value={formatRate(stats.judge.passed, stats.judge.judged)}
            detail={`effective ${formatRate(stats.effective.passed, stats.effective.judged)} after reviews`}
            testId="stat-judge-pass-rate"
          />
          <Stat
            label="Reviews"
            value={formatCount(stats.reviews.reviews)}
            detail={`${formatCount(stats.reviews.reviewedEdits)} edits reviewed`}
            testId="stat-reviews"
          />
        </div>
      </section>

      <section className="grid gap-8 lg:grid-cols-2">
        <div>
          <h2 className="text-lg font-semibold">Subsets</h2>
          <table className="mt-3 w-full text-sm" data-testid="subsets">
            <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
              <tr>
                <th className="py-2 font-medium">Subset</th>
                <th className="py-2 text-right font-medium">Tasks</th>
                <th className="py-2 text-right font-medium">Edits</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200">
              {stats.subsets.map((s) => (
                <tr key={s.subset} data-subset={s.subset}>
                  <td className="py-2">{SUBSET_LABELS[s.subset]}</td>
                  <td className="py-2 text-right tabular-nums">{formatCount(s.tasks)}</td>
                  <td className="py-2 text-right tabular-nums">{formatCount(s.edits)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2 className="mt-8 text-lg font-semibold">Last import</h2>
          <p className="mt-2 text-sm text-zinc-700" data-testid="last-import">
            {stats.lastImport
              ? `${stats.lastImport.source} · ${formatCount(stats.lastImport.recordsNew)} new records · ${stats.lastImport.finishedAt ? `${stats.lastImport.finishedAt.toISOString().replace("T", " ").slice(0, 16)} UTC` : "not finished"}`
              : "Nothing imported yet."}
          </p>
        </div>
        <div>
          <h2 className="text-lg font-semibold">Edits per category</h2>
          <ul className="mt-3 space-y-2 text-sm" data-testid="categories">
            {stats.categories.map((c) => (
              <li key={c.name} data-category={c.name}>
                <div className="flex justify-between gap-3">
                  <span>{c.name}</span>
                  <span className="tabular-nums text-zinc-600">{formatCount(c.edits)}</span>
                </div>
                <div className="mt-1 h-1.5 rounded bg-zinc-200">
                  <div className="h-1.5 rounded bg-zinc-800" style={{ width: `${(100 * c.edits) / maxCategory}%` }} />
                </div>
              </li>
            ))}
          </ul>
        </div>
      </section>

      {recent.items.length > 0 ? (
        <section>
          <h2 className="text-lg font-semibold">Latest edits</h2>
          <ul className="mt-3 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
            {recent.items.map((edit) => (
              <li key={edit.id}>
                <EditCard edit={edit} />
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
