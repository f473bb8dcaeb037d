import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { EditPreview } from "@/lib/data/stats";
import { imageSrc } from "@/lib/images/uri";

// Before → after pairs of the newest edits. Plain <img>: the image route serves local
// files or redirects to remote ones, which next/image would have to be told about.
export function RecentEdits({ edits }: { edits: EditPreview[] }) {
  return (
    <ul className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
      {edits.map((edit) => (
        <li key={edit.id} className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
          <div className="grid grid-cols-2 gap-px bg-zinc-200">
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={imageSrc(edit.sourceImageId)} alt="source" loading="lazy" className="aspect-[4/3] w-full bg-zinc-100 object-cover" />
            {/* eslint-disable-next-line @next/next/no-img-element */}
            <img src={imageSrc(edit.outputImageId)} alt="edited" loading="lazy" className="aspect-[4/3] w-full bg-zinc-100 object-cover" />
          </div>
          <div className="space-y-1 p-3 text-sm">
            <div className="flex items-center justify-between gap-2">
              <span className="truncate text-xs text-zinc-500">{edit.editType ?? "no edit type"}</span>
              <span className="flex items-center gap-1.5">
                <span className="text-xs tabular-nums text-zinc-600">{edit.overall === null ? "not scored" : edit.overall.toFixed(2)}</span>
                <VerdictBadge verdict={edit.effectiveVerdict} />
              </span>
            </div>
            <p className="line-clamp-2">{edit.shortInstruction}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
