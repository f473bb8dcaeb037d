"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useWindowVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useLayoutEffect, useRef, useState } from "react";

import { EditCard } from "@/components/gallery/edit-card";
import { SelectionBar } from "@/components/review/selection-bar";
import type { EditPage } from "@/lib/data/edits";
import { fetchJson } from "@/lib/queries/fetch-json";

const CARD_MIN_WIDTH = 300;
const GAP = 16;
const SERVER_WINDOW = { width: 1280, height: 800 };
// The columns of the first render, before the grid is measured: what any desktop window
// gives (the page is at most 72rem wide, less the sidebar: 816 px, two cards).
const FIRST_COLUMNS = 2;
// The rows on the first screen, whose thumbnails load without waiting for layout.
const FIRST_SCREEN_ROWS = 2;

async function fetchPage(view: string, cursor: string | null): Promise<EditPage> {
  const params = new URLSearchParams(view);
  if (cursor !== null) params.set("cursor", cursor);
  return fetchJson<EditPage>(`/api/edits?${params}`);
}

// The gallery's cards: only the rows on screen are in the DOM, the next page loads as
// the last rows come into view (keyset cursors), and the keyboard walks the grid:
// arrows move between cards, Enter opens one. `view` is the gallery's query string
// (filter and sort) and the first page comes rendered from the server. selectable: an
// annotator's gallery, whose cards can be selected (X on the focused one) for one verdict.
export function GalleryGrid({
  view,
  first,
  selectable = false,
}: {
  view: string;
  first: EditPage;
  selectable?: boolean;
}) {
  const [selected, setSelected] = useState<number[]>([]);
  const toggle = (id: number) =>
    setSelected((list) => (list.includes(id) ? list.filter((other) => other !== id) : [...list, id]));
  const list = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(FIRST_COLUMNS);
  const [offset, setOffset] = useState(0);
  const [active, setActive] = useState<number | null>(null);

  const pages = useInfiniteQuery({
    queryKey: ["edits", view],
    queryFn: ({ pageParam }) => fetchPage(view, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
    initialData: { pages: [first], pageParams: [null] },
    staleTime: 30_000,
  });
  const edits = pages.data.pages.flatMap((page) => page.items);
  const rows = Math.ceil(edits.length / columns);

  useLayoutEffect(() => {
    const element = list.current;
    if (!element) return;
    const measure = () => {
      setColumns(Math.max(1, Math.floor((element.clientWidth + GAP) / (CARD_MIN_WIDTH + GAP))));
      setOffset(element.getBoundingClientRect().top + window.scrollY);
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  // The server has no window: initialRect stands in for one, so the first rows come in
  // the HTML and their thumbnails load before the page hydrates.
  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => 330,
    overscan: 2,
    gap: GAP,
    scrollMargin: offset,
    initialRect: SERVER_WINDOW,
  });
  const items = virtualizer.getVirtualItems();
  const lastRow = items[items.length - 1]?.index ?? 0;
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (lastRow >= rows - 2 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastRow, rows, hasNextPage, isFetchingNextPage, fetchNextPage]);

  // Moves the keyboard focus to a card, scrolling its row into view first.
  const focusCard = (index: number) => {
    const target = Math.max(0, Math.min(edits.length - 1, index));
    setActive(target);
    virtualizer.scrollToIndex(Math.floor(target / columns), { align: "auto" });
    requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-card="${target}"] a`)?.focus());
  };
  const onKeyDown = (event: React.KeyboardEvent) => {
    const steps: Record<string, number> = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns };
    const step = steps[event.key];
    if (selectable && (event.key === "x" || event.key === "X") && active !== null && edits[active]) {
      event.preventDefault();
      toggle((edits[active] as { id: number }).id);
      return;
    }
    if (step === undefined) return;
    event.preventDefault();
    focusCard(active === null ? 0 : active + step);
  };

  const query = view ? `?${view}` : "";
  return (
    <div ref={list} onKeyDown={onKeyDown} data-testid="gallery-grid" role="list" aria-label="Edits">
      {selectable ? <SelectionBar selected={selected} onClear={() => setSelected([])} /> : null}
      <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
        {items.map((row) => (
          <div
            key={row.key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            role="presentation"
            className="absolute left-0 grid w-full"
            style={{
              top: row.start - virtualizer.options.scrollMargin,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
              gap: GAP,
            }}
          >
            {edits.slice(row.index * columns, (row.index + 1) * columns).map((edit, column) => {
              const index = row.index * columns + column;
              return (
                <div key={edit.id} data-card={index} role="listitem" onFocus={() => setActive(index)}>
                  <EditCard
                    edit={edit}
                    href={`/edits/${edit.id}${query}`}
                    eager={row.index < FIRST_SCREEN_ROWS}
                    selection={
                      selectable ? { selected: selected.includes(edit.id), toggle: () => toggle(edit.id) } : undefined
                    }
                  />
                </div>
              );
            })}
          </div>
        ))}
      </div>
      <p className="mt-6 text-center text-sm text-zinc-500" aria-live="polite">
        {pages.isFetchingNextPage
          ? "Loading more edits..."
          : pages.error
            ? `Could not load more edits: ${pages.error.message}`
            : hasNextPage
              ? ""
              : `All ${edits.length} edits shown.`}
      </p>
    </div>
  );
}
