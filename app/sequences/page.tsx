import Link from "next/link";

import { ImageWithPlaceholder } from "@/components/ui/image-with-placeholder";
import { ParamNotice } from "@/components/ui/param-problems";
import { findSequences } from "@/lib/data/sequences";
import { imageSrc } from "@/lib/images/uri";
import { checkParams, LIST_PARAMS, listPageFromParams, searchParamsOf } from "@/lib/schemas/page-params";
import { requirePage } from "@/lib/auth/session";

export const metadata = { title: "Sequences" };
export const dynamic = "force-dynamic";

export default async function SequencesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = searchParamsOf(await searchParams);
  await requirePage("VIEWER", "/sequences", params);
  const unread = checkParams(params, LIST_PARAMS);
  const page = unread.length ? { ok: false as const, problems: unread } : listPageFromParams(params);
  const { items, nextCursor } = await findSequences(page.ok ? { cursor: page.page.cursor, limit: 30 } : { limit: 30 });
  return (
    <section>
      <h1 className="text-2xl font-semibold tracking-tight">Sequences</h1>
      <p className="mt-1 text-sm text-zinc-600">
        Multi-turn editing sessions: each turn edits the picture the turn before produced.
      </p>
      {page.ok ? null : (
        <div className="mt-4">
          <ParamNotice problems={page.problems} instead="the first page is shown" />
        </div>
      )}
      {items.length === 0 ? <p className="mt-6 text-sm text-zinc-600">No multi-turn sessions yet.</p> : null}
      <ul className="mt-4 grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="sequences">
        {items.map((sequence) => (
          <li key={sequence.id} className="overflow-hidden rounded-lg border border-zinc-200 bg-white">
            <Link href={`/sequences/${sequence.id}`} className="block hover:bg-zinc-50">
              <ImageWithPlaceholder
                src={imageSrc(sequence.original.id, 640, sequence.original.version)}
                uri={sequence.original.uri}
                alt="original"
                className="aspect-[4/3] w-full bg-zinc-100 object-cover"
              />
              <div className="p-3 text-sm">
                <p className="line-clamp-1">{sequence.firstPrompt}</p>
                <p className="text-xs text-zinc-500">
                  {sequence.turns} turns{sequence.failedTurns ? `, ${sequence.failedTurns} failed` : ""}
                </p>
              </div>
            </Link>
          </li>
        ))}
      </ul>
      {nextCursor !== null ? (
        <Link
          href={`/sequences?cursor=${nextCursor}`}
          className="mt-6 inline-block rounded-md border border-zinc-300 bg-white px-3 py-1.5 text-sm"
        >
          Older sessions
        </Link>
      ) : null}
    </section>
  );
}
