import Link from "next/link";

import type { PreferenceCounts } from "@/lib/data/preferences";
import { formatCount } from "@/lib/format";
import { preferencesHref, type PreferenceView } from "@/lib/schemas/preference-params";

// A figure that opens the view it counts; active when that view is the one shown.
function CountLink({
  label,
  value,
  detail,
  href,
  active,
  testId,
}: {
  label: string;
  value: number;
  detail: string;
  href: string;
  active: boolean;
  testId: string;
}) {
  return (
    <Link
      href={href}
      aria-current={active ? "page" : undefined}
      className={`block rounded-lg border bg-white p-4 hover:border-zinc-400 ${active ? "border-zinc-900" : "border-zinc-200"}`}
    >
      <div className="text-xs font-medium uppercase tracking-wide text-zinc-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {formatCount(value)}
      </div>
      <div className="mt-1 text-xs text-zinc-500">{detail}</div>
    </Link>
  );
}

// All pairs by provenance, and the pairs reviews added and removed, each opening the list
// of exactly what it counts: of every type, whatever the view's types and categories.
export function PairCounts({ counts, view }: { counts: PreferenceCounts; view: PreferenceView }) {
  const pairs = (provenance?: "judge" | "human") => preferencesHref({ filter: { provenance } });
  const changes = (kind: "added" | "removed") => preferencesHref({ filter: {}, changes: kind });
  const allTypes = !view.filter.types?.length && !view.filter.categories?.length;
  const showsPairs = allTypes && view.changes === undefined;
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-5">
      <CountLink
        label="Pairs"
        value={counts.total}
        detail="all of them"
        href={pairs()}
        active={showsPairs && !view.filter.provenance}
        testId="count-total"
      />
      <CountLink
        label="From the judge"
        value={counts.judge}
        detail="both verdicts the judge's"
        href={pairs("judge")}
        active={showsPairs && view.filter.provenance === "judge"}
        testId="count-judge"
      />
      <CountLink
        label="From reviews"
        value={counts.human}
        detail="a side decided by a review"
        href={pairs("human")}
        active={showsPairs && view.filter.provenance === "human"}
        testId="count-human"
      />
      <CountLink
        label="Added by reviews"
        value={counts.added}
        detail="the reviews that added them"
        href={changes("added")}
        active={allTypes && view.changes === "added"}
        testId="count-added"
      />
      <CountLink
        label="Removed by reviews"
        value={counts.removed}
        detail="the reviews that removed them"
        href={changes("removed")}
        active={allTypes && view.changes === "removed"}
        testId="count-removed"
      />
    </div>
  );
}
