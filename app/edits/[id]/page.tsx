import Link from "next/link";
import { notFound } from "next/navigation";

import { CompareView } from "@/components/compare/compare-view";
import { ChangeSignals } from "@/components/scores/change-signals";
import { JudgementList } from "@/components/scores/judgement-list";
import { ParamNotice } from "@/components/ui/param-problems";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import { ViewStepper } from "@/components/gallery/view-stepper";
import { findNeighbours, getEdit } from "@/lib/data/edits";
import { imageSrc } from "@/lib/images/uri";
import { DEFAULT_SORT } from "@/lib/sql/gallery-order";
import { FILTER_PARAMS, filterFromParams } from "@/lib/schemas/edit-filter-params";
import { parseId } from "@/lib/schemas/id";
import {
  checkParams,
  DEFAULT_SEED,
  GALLERY_PARAMS,
  galleryPageFromParams,
  searchParamsOf,
  viewParams,
} from "@/lib/schemas/page-params";
import { EditVerdict } from "@/components/review/edit-verdict";
import { hasRole } from "@/lib/auth/roles";
import { requirePage } from "@/lib/auth/session";
import { CRITERIA } from "@/lib/scoring/scoring";

export const dynamic = "force-dynamic";

const ORIGIN_LABELS: Record<string, string> = {
  SFT: "SFT",
  PREFERENCE_CHOSEN: "preference, chosen",
  PREFERENCE_REJECTED: "preference, rejected",
  MULTI_TURN: "multi-turn",
};

const when = (date: Date) => `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  return { title: `Edit ${(await params).id}` };
}

// The gallery view the edit was opened from, carried in the query (filter and order);
// an unreadable one falls back to all edits, newest first, and says why.
function viewOf(query: Record<string, string | string[] | undefined>) {
  const params = searchParamsOf(query);
  const unread = checkParams(params, [...FILTER_PARAMS, ...GALLERY_PARAMS]);
  const filter = filterFromParams(params);
  const page = galleryPageFromParams(params);
  if (!unread.length && filter.ok && page.ok) {
    return { filter: filter.filter, order: { sort: page.page.sort, seed: page.page.seed }, problems: [] };
  }
  const problems = unread.length ? unread : [...(filter.ok ? [] : filter.problems), ...(page.ok ? [] : page.problems)];
  return { filter: {}, order: { sort: DEFAULT_SORT, seed: DEFAULT_SEED }, problems };
}

export default async function EditPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requirePage(
    "VIEWER",
    `/edits/${encodeURIComponent((await params).id)}`,
    searchParamsOf(await searchParams),
  );
  const id = parseId((await params).id) ?? notFound();
  const view = viewOf(await searchParams);
  const [edit, neighbours] = await Promise.all([getEdit(id), findNeighbours(view.filter, view.order, id)]);
  if (!edit) notFound();
  const query = viewParams(view.filter, view.order).toString();
  const at = (other: number | null) => (other === null ? null : `/edits/${other}${query ? `?${query}` : ""}`);
  return (
    <div className="space-y-8">
      {view.problems.length ? (
        <ParamNotice problems={view.problems} instead="the edit is shown within all edits, newest first" />
      ) : null}
      <ViewStepper
        previous={at(neighbours.previous)}
        next={at(neighbours.next)}
        gallery={`/edits${query ? `?${query}` : ""}`}
      />
      <header className="space-y-1">
        <p className="text-sm text-zinc-500">
          <Link href="/edits" className="underline">
            Gallery
          </Link>{" "}
          · {edit.task.category ?? "no category"} · {edit.task.editType ?? "no edit type"}
        </p>
        <h1 className="text-2xl font-semibold tracking-tight">{edit.task.shortInstruction}</h1>
        <p data-testid="edit-verdicts" className="flex flex-wrap items-center gap-2 text-sm text-zinc-600">
          Edit {edit.id} · attempt {edit.attempt} · {ORIGIN_LABELS[edit.origin] ?? edit.origin} · judge{" "}
          <VerdictBadge verdict={edit.judgeVerdict} /> · human{" "}
          <VerdictBadge verdict={edit.humanVerdict} none="not reviewed" /> · effective{" "}
          <VerdictBadge verdict={edit.effectiveVerdict} />
        </p>
        {user && hasRole(user.role, "ANNOTATOR") ? (
          <EditVerdict editId={edit.id} after={edit.reviews[0]?.id ?? null} />
        ) : null}
      </header>

      <CompareView
        before={{ src: imageSrc(edit.sourceImage.id, undefined, edit.sourceImage.version), uri: edit.sourceImage.uri }}
        after={{ src: imageSrc(edit.outputImage.id, undefined, edit.outputImage.version), uri: edit.outputImage.uri }}
      />

      <div className="grid gap-8 lg:grid-cols-2">
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">Instructions</h2>
          <p className="text-sm">
            <span className="font-medium">Short:</span> {edit.task.shortInstruction}
          </p>
          <p className="text-sm text-zinc-700">
            <span className="font-medium">Long:</span> {edit.task.longInstruction}
          </p>
          {edit.sequence ? (
            <p className="text-sm">
              Turn {edit.sequence.position} of {edit.sequence.turns} of{" "}
              <Link href={`/sequences/${edit.sequence.id}`} className="underline">
                sequence {edit.sequence.id}
              </Link>
              .
            </p>
          ) : null}
        </section>
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">{edit.judgements.length > 1 ? "Scores" : "Score"}</h2>
          <JudgementList judgements={edit.judgements} />
        </section>
        <section className="space-y-3">
          <h2 className="text-lg font-semibold">Change signals</h2>
          <ChangeSignals signal={edit.signal} />
        </section>
      </div>

      <div className="grid gap-8 lg:grid-cols-2">
        <section>
          <h2 className="text-lg font-semibold">Attempts at this task</h2>
          <ul className="mt-2 space-y-1 text-sm">
            {edit.attempts.map((attempt) => (
              <li key={attempt.id} className="flex items-center gap-2">
                {attempt.id === edit.id ? (
                  <span className="font-medium">Attempt {attempt.attempt} (this one)</span>
                ) : (
                  <Link href={`/edits/${attempt.id}`} className="underline">
                    Attempt {attempt.attempt}
                  </Link>
                )}
                <span className="text-zinc-500">{ORIGIN_LABELS[attempt.origin] ?? attempt.origin}</span>
                <span className="tabular-nums text-zinc-600">
                  {attempt.overall === null ? "not scored" : attempt.overall.toFixed(2)}
                </span>
                <VerdictBadge verdict={attempt.effectiveVerdict} />
              </li>
            ))}
          </ul>
          <h3 className="mt-4 text-sm font-medium">Preference pairs</h3>
          {edit.pairs.length === 0 ? (
            <p className="text-sm text-zinc-600">None: the task has no passing and failing attempts side by side.</p>
          ) : (
            <ul className="mt-1 space-y-1 text-sm" data-testid="pairs">
              {edit.pairs.map((pair) => (
                <li key={`${pair.chosenEditId}-${pair.rejectedEditId}`}>
                  edit {pair.chosenEditId} preferred to edit {pair.rejectedEditId}{" "}
                  <span className="text-zinc-500">({pair.provenance.toLowerCase()})</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section>
          <h2 className="text-lg font-semibold">Review history</h2>
          {edit.reviews.length === 0 ? (
            <p className="mt-2 text-sm text-zinc-600">Not reviewed.</p>
          ) : (
            <ul className="mt-2 space-y-2 text-sm" data-testid="reviews">
              {edit.reviews.map((review) => (
                <li key={review.id} data-review-id={review.id}>
                  <span className="font-medium">{review.reviewer}</span>{" "}
                  <span className="text-zinc-500">{when(review.createdAt)}</span>:{" "}
                  <VerdictBadge verdict={review.previousVerdict} none="unjudged" /> →{" "}
                  <VerdictBadge verdict={review.verdict ?? edit.judgeVerdict} none="unjudged" />
                  {review.verdict === null ? <span className="text-zinc-500"> (human verdict taken back)</span> : null}
                  {review.undoOfId ? <span className="text-zinc-500"> · undo of review {review.undoOfId}</span> : null}
                  {review.batchId ? <span className="text-zinc-500"> · bulk batch {review.batchId}</span> : null}
                  {review.overall !== null ? (
                    <p className="tabular-nums text-zinc-600">
                      corrected scores:{" "}
                      {CRITERIA.map((criterion) => `${criterion} ${review[criterion]?.toFixed(2)}`).join(", ")}; overall{" "}
                      {review.overall.toFixed(3)}
                    </p>
                  ) : null}
                  {review.note ? <p className="text-zinc-700">{review.note}</p> : null}
                </li>
              ))}
            </ul>
          )}
          {edit.pairChanges.length ? (
            <>
              <h3 className="mt-4 text-sm font-medium">Pair changes its reviews caused</h3>
              <ul className="mt-1 space-y-1 text-sm" data-testid="pair-changes">
                {edit.pairChanges.map((change, index) => (
                  <li key={index}>
                    {change.kind === "ADDED" ? "added" : "removed"}: edit {change.chosenEditId} preferred to edit{" "}
                    {change.rejectedEditId} <span className="text-zinc-500">(review {change.reviewId})</span>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </section>
      </div>
    </div>
  );
}
