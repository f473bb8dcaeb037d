import Link from "next/link";

import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { PairChangeView } from "@/lib/data/preferences";
import { formatUtcMinute } from "@/lib/format";
import type { ChangeKind } from "@/lib/schemas/preference-params";

const EditLink = ({ id }: { id: number }) => (
  <Link href={`/edits/${id}`} className="underline">
    edit {id}
  </Link>
);

// The pairs reviews added or removed, newest first: each with the review that did it, who
// wrote it, on which edit, with what verdict and when. A review's history is on its edit's page.
export function PairChangeList({ kind, changes }: { kind: ChangeKind; changes: PairChangeView[] }) {
  if (changes.length === 0) return <p className="text-sm text-zinc-600">No review has {kind} a pair in this view.</p>;
  return (
    <table className="w-full text-sm" data-testid="pair-changes">
      <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
        <tr>
          <th className="py-2 font-medium">When</th>
          <th className="py-2 font-medium">Reviewer</th>
          <th className="py-2 font-medium">Review</th>
          <th className="py-2 font-medium">Pair {kind}</th>
        </tr>
      </thead>
      <tbody className="divide-y divide-zinc-200">
        {changes.map((change) => (
          <tr key={change.id} data-change-id={change.id} data-review-id={change.review.id}>
            <td className="py-2 tabular-nums text-zinc-600">{formatUtcMinute(change.createdAt)}</td>
            <td className="py-2">{change.review.reviewer}</td>
            <td className="py-2">
              <span className="flex flex-wrap items-center gap-1.5">
                review {change.review.id} of <EditLink id={change.review.editId} />:{" "}
                <VerdictBadge verdict={change.review.verdict} none="verdict taken back" />
                {change.review.undoOfId ? (
                  <span className="text-zinc-500">undo of review {change.review.undoOfId}</span>
                ) : null}
                {change.review.batchId ? (
                  <span className="text-zinc-500">bulk batch {change.review.batchId}</span>
                ) : null}
              </span>
            </td>
            <td className="py-2">
              <EditLink id={change.chosenEditId} /> preferred to <EditLink id={change.rejectedEditId} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
