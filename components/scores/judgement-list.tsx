import Link from "next/link";

import type { EditDetail } from "@/lib/data/edits";
import { formatUtcMinute } from "@/lib/format";

import { ScoreBreakdown } from "./score-breakdown";

type Judgement = EditDetail["judgements"][number];

function Provenance({ judgement }: { judgement: Judgement }) {
  const parts = [
    judgement.model ? `model ${judgement.model}` : null,
    judgement.rubricVersion ? `rubric ${judgement.rubricVersion}` : null,
  ].filter((part) => part !== null);
  return (
    <p className="text-xs text-zinc-500">
      {parts.length ? `${parts.join(" · ")} · ` : ""}
      {judgement.runId === null ? null : (
        <>
          <Link href="/judges" className="underline">
            run {judgement.runId}
          </Link>{" "}
          ·{" "}
        </>
      )}
      {formatUtcMinute(judgement.createdAt)}
    </p>
  );
}

// Every judge's judgement of the edit, the current one (which gives the edit its judge
// verdict and scores) first, then the others, newest first; each with its breakdown.
export function JudgementList({ judgements }: { judgements: Judgement[] }) {
  if (judgements.length === 0) return <ScoreBreakdown judgement={undefined} />;
  const ordered = [...judgements.filter((j) => j.current), ...judgements.filter((j) => !j.current)];
  return (
    <div className="space-y-6">
      {ordered.map((judgement) => (
        <article
          key={judgement.id}
          data-judge={judgement.judge}
          aria-label={`Judgement by ${judgement.judge}`}
          className="space-y-2"
        >
          <header>
            <h3 className="flex flex-wrap items-center gap-2 text-sm font-medium">
              <span className="break-all">{judgement.judge}</span>
              {judgement.current ? (
                <span
                  className="rounded bg-sky-100 px-1.5 py-0.5 text-xs font-normal text-sky-800"
                  title="The judgement the edit's judge verdict and scores come from"
                >
                  current
                </span>
              ) : null}
            </h3>
            <Provenance judgement={judgement} />
          </header>
          <ScoreBreakdown judgement={judgement} />
        </article>
      ))}
    </div>
  );
}
