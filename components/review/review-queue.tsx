"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";

import { CompareView } from "@/components/compare/compare-view";
import { VerdictBadge } from "@/components/ui/verdict-badge";
import type { ReviewItem } from "@/lib/data/review";
import { formatUtcMinute } from "@/lib/format";
import { fetchJson } from "@/lib/queries/fetch-json";
import { imageSrc } from "@/lib/images/uri";
import { CRITERIA, type Criterion } from "@/lib/scoring/scoring";

import { ApiError, claim, review, undo, type StoredReview, type Verdict, type Version } from "./api";
import { BulkPanel } from "./bulk-panel";
import { KeyHelp } from "./key-help";
import { corrected, ScoreEditor } from "./score-editor";

const CLAIM_SIZE = 5;
// Claim more when this few are left, so that the next edit is always in hand.
const LOW_WATER = 2;
const STEP = 0.05;
const FINE_STEP = 0.01;

type Done = { item: ReviewItem; review: StoredReview; at: number };
type Conflict = { item: ReviewItem; mine: Verdict; theirs: Version };
type Sent = { item: ReviewItem; verdict: Verdict; note: string; corrections: Partial<Record<Criterion, number>> };

const src = (image: ReviewItem["sourceImage"]) => imageSrc(image.id, undefined, image.version);
const clamp = (value: number) => Math.min(1, Math.max(0, Math.round(value * 100) / 100));

// The review queue, keyboard first: P pass, F fail, S skip, U undo, N note, 1-4 and the
// arrows correct a criterion, Enter confirms the recomputed verdict, ? shows the keys. The
// claimed edits live in the query cache; a verdict leaves it at once (optimistic) and
// comes back with a message when the server refuses it.
export function ReviewQueue({ query }: { query: string }) {
  const client = useQueryClient();
  const key = ["review-claims", query];
  const [skipped, setSkipped] = useState<number[]>([]);
  const [done, setDone] = useState<Done[]>([]);
  const [started] = useState(() => Date.now());
  const [selected, setSelected] = useState<Criterion | null>(null);
  const [corrections, setCorrections] = useState<Partial<Record<Criterion, number>>>({});
  const [note, setNote] = useState("");
  const [noting, setNoting] = useState(false);
  const [help, setHelp] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);

  const claims = useQuery({
    queryKey: key,
    queryFn: () => claim(query, CLAIM_SIZE, []),
    staleTime: Infinity,
    gcTime: 0,
  });
  // Counting the band reads an index over every unreviewed edit: fetched now and then,
  // not after every verdict.
  const progress = useQuery({
    queryKey: ["review-progress", query],
    queryFn: () => fetchJson<{ left: number; lastHour: number }>(`/api/reviews/queue${query ? `?${query}` : ""}`),
    refetchInterval: 15_000,
  });
  const items = useMemo(() => claims.data ?? [], [claims.data]);
  const current = items[0];

  const setItems = useCallback(
    (update: (items: ReviewItem[]) => ReviewItem[]) =>
      client.setQueryData<ReviewItem[]>(key, (old) => update(old ?? [])),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [client, query],
  );

  // Tops the claims up in the background, keeping the order of those in hand.
  const topUp = useMutation({
    mutationFn: (skip: number[]) => claim(query, CLAIM_SIZE, skip),
    onSuccess: (fresh) =>
      setItems((held) => [...held, ...fresh.filter((item) => !held.some((other) => other.id === item.id))]),
  });
  useEffect(() => {
    if (claims.isSuccess && items.length <= LOW_WATER && !topUp.isPending) topUp.mutate(skipped);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [claims.isSuccess, items.length]);

  // The next edits' images, fetched now so that each appears at once when its turn comes.
  useEffect(() => {
    for (const item of items.slice(1, 3))
      for (const image of [item.sourceImage, item.outputImage]) new window.Image().src = src(image);
  }, [items]);

  const resetEditor = () => {
    setSelected(null);
    setCorrections({});
    setNote("");
    setNoting(false);
  };

  const send = useMutation({
    mutationFn: ({ item, verdict, note, corrections }: Sent) =>
      review({
        editId: item.id,
        verdict,
        after: item.newest?.id ?? null,
        ...(note.trim() && { note: note.trim() }),
        ...(Object.keys(corrections).length && { scores: corrections }),
      }),
    onMutate: async (sent) => {
      await client.cancelQueries({ queryKey: key });
      setItems((held) => held.filter((item) => item.id !== sent.item.id));
      resetEditor();
      setMessage(null);
      setConflict(null);
    },
    onSuccess: (stored, sent) => setDone((list) => [...list, { item: sent.item, review: stored, at: Date.now() }]),
    onError: (error, sent) => {
      const current = error instanceof ApiError ? error.details.current : undefined;
      // Back where it was, against the version that won when another review came first.
      const item = current
        ? {
            ...sent.item,
            newest:
              current.reviewId === null
                ? null
                : { id: current.reviewId, verdict: current.verdict, reviewer: current.reviewer, at: current.at ?? "" },
          }
        : sent.item;
      setItems((held) => [item, ...held.filter((other) => other.id !== item.id)]);
      setNote(sent.note);
      setCorrections(sent.corrections);
      if (error instanceof ApiError && error.status === 409 && current)
        setConflict({ item, mine: sent.verdict, theirs: current });
      else setMessage(`Edit ${sent.item.id} was not saved: ${error.message}`);
    },
  });

  const takeBack = useMutation({
    mutationFn: (entry: Done) => undo(entry.review.id),
    onSuccess: (stored, entry) => {
      setDone((list) => list.filter((other) => other !== entry));
      const restored = { id: stored.id, verdict: stored.verdict, reviewer: "you", at: new Date().toISOString() };
      setItems((held) => [{ ...entry.item, newest: restored }, ...held.filter((other) => other.id !== entry.item.id)]);
      resetEditor();
      setMessage(`Undid your verdict on edit ${entry.item.id}.`);
    },
    onError: (error, entry) => setMessage(`Could not undo the verdict on edit ${entry.item.id}: ${error.message}`),
  });

  const decide = useCallback(
    (verdict: Verdict) => {
      if (!current) return;
      send.mutate({ item: current, verdict, note, corrections });
    },
    [current, note, corrections, send],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement;
      if (typing) {
        if (event.key === "Escape") (event.target as HTMLElement).blur();
        return;
      }
      if (event.metaKey || event.ctrlKey || event.altKey) return;
      const judge = current?.scores;
      const handled = (() => {
        switch (event.key) {
          case "p":
          case "P":
            if (conflict) return false;
            decide("PASS");
            return true;
          case "f":
          case "F":
            if (conflict) return false;
            decide("FAIL");
            return true;
          case "s":
          case "S":
            if (!current) return false;
            setSkipped((list) => [...list, current.id]);
            setItems((held) => held.slice(1));
            setConflict(null);
            resetEditor();
            return true;
          case "u":
          case "U": {
            const last = done.at(-1);
            if (last && !takeBack.isPending) takeBack.mutate(last);
            return true;
          }
          case "n":
          case "N":
            setNoting(true);
            setTimeout(() => noteRef.current?.focus(), 0);
            return true;
          case "1":
          case "2":
          case "3":
          case "4":
            setSelected(CRITERIA[Number(event.key) - 1] as Criterion);
            return true;
          case "ArrowUp":
          case "ArrowRight":
          case "ArrowDown":
          case "ArrowLeft": {
            if (!selected || !judge) return false;
            const sign = event.key === "ArrowUp" || event.key === "ArrowRight" ? 1 : -1;
            const base = corrections[selected] ?? judge[selected] ?? 0.5;
            setCorrections({ ...corrections, [selected]: clamp(base + sign * (event.shiftKey ? FINE_STEP : STEP)) });
            return true;
          }
          case "Enter": {
            if (!judge) return false;
            const { verdict } = corrected(judge, corrections);
            if (verdict) decide(verdict);
            return true;
          }
          case "?":
            setHelp((open) => !open);
            return true;
          case "Escape":
            setHelp(false);
            setSelected(null);
            return true;
          default:
            return false;
        }
      })();
      if (handled) event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  // Per hour from the session's start to its last verdict, over at least a minute.
  const hours = Math.max(((done.at(-1)?.at ?? started) - started) / 3_600_000, 1 / 60);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-4 text-sm" data-testid="review-progress">
        <span>
          Done this session: <strong data-testid="done-count">{done.length}</strong>
        </span>
        <span>
          Left in the band:{" "}
          <strong data-testid="left-count">{progress.data ? progress.data.left.toLocaleString("en-US") : "…"}</strong>
        </span>
        <span>
          Per hour: <strong>{Math.round(done.length / hours)}</strong>
        </span>
        <button type="button" className="ml-auto text-zinc-600 underline" onClick={() => setHelp(!help)}>
          Keys (?)
        </button>
      </div>
      {help ? <KeyHelp onClose={() => setHelp(false)} /> : null}
      <div role="status" aria-live="polite" className="min-h-5 text-sm text-zinc-700" data-testid="review-message">
        {message}
      </div>
      {conflict ? (
        <ConflictPanel
          conflict={conflict}
          onApply={() => decide(conflict.mine)}
          onKeep={() => {
            setConflict(null);
            setSkipped((list) => [...list, conflict.item.id]);
            setItems((held) => held.filter((item) => item.id !== conflict.item.id));
            resetEditor();
          }}
        />
      ) : null}
      {claims.isError ? (
        <p role="alert" className="text-sm text-rose-700">
          The queue could not be loaded: {claims.error.message}
        </p>
      ) : !current ? (
        <p className="text-sm text-zinc-600" data-testid="queue-empty">
          {claims.isPending || topUp.isPending
            ? "Claiming edits…"
            : "Nothing left to review under this filter and band."}
        </p>
      ) : (
        <ReviewCard
          item={current}
          corrections={corrections}
          selected={selected}
          note={note}
          noting={noting}
          noteRef={noteRef}
          onNote={setNote}
          onDecide={decide}
        />
      )}
      <BulkPanel query={query} />
    </div>
  );
}

function ConflictPanel({ conflict, onApply, onKeep }: { conflict: Conflict; onApply: () => void; onKeep: () => void }) {
  const { theirs } = conflict;
  return (
    <div
      role="alert"
      className="space-y-2 rounded-md bg-amber-50 p-3 text-sm ring-1 ring-amber-300"
      data-testid="conflict"
    >
      <p>
        Edit {conflict.item.id} changed while you looked at it:{" "}
        {theirs.reviewer ? (
          <>
            <strong>{theirs.reviewer}</strong> reviewed it {theirs.at ? `at ${formatUtcMinute(theirs.at)}` : ""}:{" "}
            <VerdictBadge verdict={theirs.verdict} none="no human verdict" />.
          </>
        ) : (
          "its reviews were taken back."
        )}{" "}
        Yours: <VerdictBadge verdict={conflict.mine} />.
      </p>
      <div className="flex gap-2">
        <button type="button" onClick={onApply} className="rounded bg-zinc-900 px-3 py-1 text-white">
          Apply mine
        </button>
        <button type="button" onClick={onKeep} className="rounded px-3 py-1 ring-1 ring-zinc-300">
          Keep theirs
        </button>
      </div>
    </div>
  );
}

function ReviewCard({
  item,
  corrections,
  selected,
  note,
  noting,
  noteRef,
  onNote,
  onDecide,
}: {
  item: ReviewItem;
  corrections: Partial<Record<Criterion, number>>;
  selected: Criterion | null;
  note: string;
  noting: boolean;
  noteRef: React.RefObject<HTMLTextAreaElement | null>;
  onNote: (note: string) => void;
  onDecide: (verdict: Verdict) => void;
}) {
  return (
    <article className="space-y-4" data-testid="review-item" data-edit-id={item.id}>
      <header className="space-y-1">
        <p className="text-sm text-zinc-500">
          {item.category ?? "no category"} · {item.editType ?? "no edit type"} ·{" "}
          <Link href={`/edits/${item.id}`} className="underline">
            edit {item.id}
          </Link>{" "}
          · attempt {item.attempt}
          {item.blind ? " · second review (blind)" : ""}
        </p>
        <h2 className="text-xl font-semibold">{item.shortInstruction}</h2>
        <p className="text-sm text-zinc-600">{item.longInstruction}</p>
        <p className="flex flex-wrap items-center gap-2 text-sm">
          judge <VerdictBadge verdict={item.judgeVerdict} />
          {item.blind ? null : (
            <>
              · human <VerdictBadge verdict={item.humanVerdict} none="not reviewed" />
              {item.newest?.reviewer ? <span className="text-zinc-500">by {item.newest.reviewer}</span> : null}
            </>
          )}
        </p>
      </header>
      <CompareView
        before={{ src: src(item.sourceImage), uri: item.sourceImage.uri }}
        after={{ src: src(item.outputImage), uri: item.outputImage.uri }}
      />
      <div className="grid gap-6 lg:grid-cols-2">
        <ScoreEditor judge={item.scores} corrections={corrections} selected={selected} />
        <div className="space-y-2">
          <div className="flex gap-2">
            <button
              type="button"
              onClick={() => onDecide("PASS")}
              className="rounded bg-emerald-600 px-4 py-2 text-sm font-medium text-white"
            >
              Pass <kbd>P</kbd>
            </button>
            <button
              type="button"
              onClick={() => onDecide("FAIL")}
              className="rounded bg-rose-600 px-4 py-2 text-sm font-medium text-white"
            >
              Fail <kbd>F</kbd>
            </button>
          </div>
          {noting || note ? (
            <label className="block text-sm">
              Note <span className="text-zinc-500">(Esc to return to the keys)</span>
              <textarea
                ref={noteRef}
                value={note}
                onChange={(event) => onNote(event.target.value)}
                maxLength={2000}
                rows={2}
                className="mt-1 block w-full rounded-md border border-zinc-300 p-2"
              />
            </label>
          ) : (
            <p className="text-sm text-zinc-500">
              <kbd>N</kbd> adds a note to the verdict.
            </p>
          )}
        </div>
      </div>
    </article>
  );
}
