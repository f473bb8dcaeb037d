import Link from "next/link";

import { ImageWithPlaceholder } from "@/components/ui/image-with-placeholder";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { EditCard as EditCardData } from "@/lib/data/edits";
import { imageSrc } from "@/lib/images/uri";

// One edit in the gallery: before → after, type, short instruction, score and verdicts.
// href opens it (with the gallery's view, for stepping through it from there); eager
// loads its thumbnails at once, for a card on the first screen; selection, when given, a
// checkbox for the annotator's bulk verdict.
export function EditCard({
  edit,
  href = `/edits/${edit.id}`,
  eager = false,
  selection,
}: {
  edit: EditCardData;
  href?: string;
  eager?: boolean;
  selection?: { selected: boolean; toggle: () => void };
}) {
  return (
    <article
      className={`relative overflow-hidden rounded-lg border bg-white focus-within:ring-2 focus-within:ring-zinc-900 ${selection?.selected ? "border-sky-500 ring-2 ring-sky-300" : "border-zinc-200"}`}
      data-edit-id={edit.id}
    >
      {selection ? (
        <input
          type="checkbox"
          checked={selection.selected}
          onChange={selection.toggle}
          aria-label={`Select edit ${edit.id}`}
          className="absolute left-2 top-2 z-10 size-4"
        />
      ) : null}
      <div className="grid grid-cols-2 gap-px bg-zinc-200">
        <ImageWithPlaceholder
          src={imageSrc(edit.sourceImageId, 320, edit.sourceVersion)}
          uri={edit.sourceUri}
          alt="before"
          eager={eager}
          className="aspect-[4/3] w-full bg-zinc-100 object-cover"
        />
        <ImageWithPlaceholder
          src={imageSrc(edit.outputImageId, 320, edit.outputVersion)}
          uri={edit.outputUri}
          alt="after"
          eager={eager}
          className="aspect-[4/3] w-full bg-zinc-100 object-cover"
        />
      </div>
      <div className="space-y-1.5 p-3 text-sm">
        <div className="flex items-center justify-between gap-2">
          <span className="truncate text-xs text-zinc-500">{edit.editType ?? "no edit type"}</span>
          <span className="text-xs tabular-nums text-zinc-600">
            {edit.overall === null ? "not scored" : edit.overall.toFixed(2)}
          </span>
        </div>
        <Link href={href} className="line-clamp-2 block outline-none hover:underline">
          {edit.shortInstruction}
        </Link>
        <div className="flex flex-wrap gap-1.5 text-xs text-zinc-500">
          <span className="flex items-center gap-1">
            judge <VerdictBadge verdict={edit.judgeVerdict} />
          </span>
          {edit.humanVerdict ? (
            <span className="flex items-center gap-1">
              human <VerdictBadge verdict={edit.humanVerdict} />
            </span>
          ) : null}
          <span className="flex items-center gap-1">
            effective <VerdictBadge verdict={edit.effectiveVerdict} />
          </span>
        </div>
      </div>
    </article>
  );
}
