"use client";

import Link from "next/link";

import { ScoreSummary } from "@/components/scores/score-summary";
import { ImageWithPlaceholder } from "@/components/ui/image-with-placeholder";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { PairSide, PairView } from "@/lib/data/preferences";
import { imageSrc } from "@/lib/images/uri";

const IMAGE_CLASS = "aspect-[4/3] w-full rounded bg-zinc-100 object-cover";

// judge: both verdicts are the judge's; human: a review decided at least one side.
export function ProvenanceBadge({ provenance }: { provenance: PairView["provenance"] }) {
  const human = provenance === "HUMAN";
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${human ? "bg-sky-100 text-sky-800" : "bg-zinc-100 text-zinc-700"}`}
    >
      {human ? "human" : "judge"}
    </span>
  );
}

// One attempt of the pair: its output, verdicts and its judgement's scores.
function Side({ label, side }: { label: "Chosen" | "Rejected"; side: PairSide }) {
  return (
    <div className="space-y-3" data-testid={label.toLowerCase()} data-edit-id={side.editId}>
      <Link href={`/edits/${side.editId}`} className="block hover:opacity-90">
        <ImageWithPlaceholder
          src={imageSrc(side.output.id, 640, side.output.version)}
          uri={side.output.uri}
          alt={`${label.toLowerCase()}, edit ${side.editId}`}
          className={IMAGE_CLASS}
        />
      </Link>
      <p className="text-sm">
        <span className="font-medium">{label}</span> ·{" "}
        <Link href={`/edits/${side.editId}`} className="underline">
          edit {side.editId}
        </Link>{" "}
        · attempt {side.attempt}
      </p>
      <p className="flex flex-wrap items-center gap-1.5 text-xs text-zinc-600">
        effective <VerdictBadge verdict={side.effectiveVerdict} /> · judge <VerdictBadge verdict={side.judgeVerdict} />{" "}
        · human <VerdictBadge verdict={side.humanVerdict} none="not reviewed" />
      </p>
      <ScoreSummary judgement={side.judgement} />
    </div>
  );
}

// A preference pair side by side: the task's source and instruction, then the chosen and
// the rejected attempt, each linking to its edit.
export function PairCard({ pair }: { pair: PairView }) {
  return (
    <article
      className="rounded-lg border border-zinc-200 bg-white p-4"
      data-testid="pair"
      data-pair-id={pair.id}
      data-provenance={pair.provenance.toLowerCase()}
    >
      <p className="flex flex-wrap items-center gap-1.5 text-sm text-zinc-500">
        Pair {pair.id} · {pair.task.category ?? "no category"} · {pair.task.editType ?? "no edit type"} ·{" "}
        <ProvenanceBadge provenance={pair.provenance} />
      </p>
      <div className="mt-3 grid gap-6 md:grid-cols-3">
        <div className="space-y-3">
          <Link href={`/edits?source=${pair.source.id}`} className="block hover:opacity-90">
            <ImageWithPlaceholder
              src={imageSrc(pair.source.id, 640, pair.source.version)}
              uri={pair.source.uri}
              alt="source"
              className={IMAGE_CLASS}
            />
          </Link>
          <p className="text-sm">
            <span className="font-medium">Source</span> ·{" "}
            <Link href={`/edits?source=${pair.source.id}`} className="underline">
              its edits
            </Link>
          </p>
          <h3 className="font-semibold">{pair.task.shortInstruction}</h3>
          <p className="text-sm text-zinc-700">
            <span className="font-medium">Long:</span> {pair.task.longInstruction}
          </p>
        </div>
        <Side label="Chosen" side={pair.chosen} />
        <Side label="Rejected" side={pair.rejected} />
      </div>
    </article>
  );
}
