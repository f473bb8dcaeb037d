import Link from "next/link";
import { notFound } from "next/navigation";

import { ImageWithPlaceholder } from "@/components/ui/image-with-placeholder";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import { getSequence } from "@/lib/data/sequences";
import { imageSrc } from "@/lib/images/uri";
import { parseId } from "@/lib/schemas/id";
import { requirePage } from "@/lib/auth/session";

export const dynamic = "force-dynamic";

export default async function SequencePage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("VIEWER", `/sequences/${encodeURIComponent((await params).id)}`);
  const id = parseId((await params).id) ?? notFound();
  const sequence = await getSequence(id);
  if (!sequence) notFound();
  return (
    <section>
      <p className="text-sm text-zinc-500">
        <Link href="/sequences" className="underline">
          Sequences
        </Link>
      </p>
      <h1 className="text-2xl font-semibold tracking-tight">Sequence {sequence.id}</h1>
      <ol className="mt-4 flex gap-3 overflow-x-auto pb-3" data-testid="filmstrip">
        <li className="w-56 shrink-0">
          <ImageWithPlaceholder
            src={imageSrc(sequence.original.id, 320, sequence.original.version)}
            uri={sequence.original.uri}
            alt="original"
            className="aspect-[4/3] w-full rounded bg-zinc-100 object-cover"
          />
          <p className="mt-1 text-sm font-medium">Original</p>
        </li>
        {sequence.turns.map((turn) => (
          <li
            key={turn.position}
            className={`w-56 shrink-0 ${turn.afterFailure ? "opacity-70" : ""}`}
            data-turn={turn.position}
            data-after-failure={turn.afterFailure}
          >
            <Link href={`/edits/${turn.editId}`}>
              <ImageWithPlaceholder
                src={imageSrc(turn.output.id, 320, turn.output.version)}
                uri={turn.output.uri}
                alt={`turn ${turn.position}`}
                className={`aspect-[4/3] w-full rounded bg-zinc-100 object-cover ${turn.verdict === "FAIL" ? "ring-2 ring-rose-500" : ""}`}
              />
            </Link>
            <p className="mt-1 flex items-center gap-1.5 text-sm font-medium">
              Turn {turn.position} <VerdictBadge verdict={turn.verdict} />
            </p>
            <p className="text-sm text-zinc-700">{turn.prompt}</p>
            {turn.afterFailure ? <p className="text-xs text-amber-700">Suspect: builds on a failed turn.</p> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}
