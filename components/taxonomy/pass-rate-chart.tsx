"use client";

import Link from "next/link";

import type { TaxonomyStats, TypeFigures } from "@/lib/data/taxonomy-stats";
import { formatCount, formatRate } from "@/lib/format";
import { galleryHref } from "@/lib/schemas/filter-links";

const BARS = [
  {
    key: "judge",
    label: "Judge",
    color: "bg-sky-600",
    text: "text-sky-700",
    passed: (f: TypeFigures) => f.judgePassed,
    total: (f: TypeFigures) => f.judged,
  },
  {
    key: "effective",
    label: "Effective",
    color: "bg-violet-500",
    text: "text-violet-700",
    passed: (f: TypeFigures) => f.effectivePassed,
    total: (f: TypeFigures) => f.effectiveJudged,
  },
] as const;

// Judge and effective pass rate of each edit type, grouped by category: one bar each,
// and each bar opens that type's passing edits (under that verdict) in the gallery.
export function PassRateChart({ stats }: { stats: TaxonomyStats }) {
  return (
    <figure aria-labelledby="pass-rate-chart-title" className="rounded-lg border border-zinc-200 bg-white p-4">
      <figcaption id="pass-rate-chart-title" className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium">Pass rate by edit type</span>
        <span className="flex gap-4 text-xs text-zinc-600">
          {BARS.map((bar) => (
            <span key={bar.key} className="flex items-center gap-1.5">
              <span aria-hidden className={`inline-block h-2.5 w-4 rounded-sm ${bar.color}`} />
              {bar.label} verdict
            </span>
          ))}
        </span>
      </figcaption>
      <div aria-hidden className="mt-2 grid grid-cols-[minmax(0,16rem)_1fr_7.5rem] gap-3 text-xs text-zinc-500">
        <span />
        <span className="flex justify-between border-l border-zinc-300 pl-1">
          <span>0%</span>
          <span>50%</span>
          <span>100%</span>
        </span>
        <span className="flex justify-end gap-2">
          {BARS.map((bar) => (
            <span key={bar.key} className={`w-12 text-right ${bar.text}`}>
              {bar.label}
            </span>
          ))}
        </span>
      </div>
      <div className="mt-1 space-y-4">
        {stats.map((category) => (
          <section key={category.id} aria-label={category.name}>
            <h3 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{category.name}</h3>
            <ul className="mt-1 space-y-1">
              {category.types.map((type) => (
                <li
                  key={type.id}
                  className="grid grid-cols-[minmax(0,16rem)_1fr_7.5rem] items-center gap-3 text-sm"
                  data-testid={`pass-rate-type-${type.id}`}
                >
                  <span className="truncate text-zinc-700" title={type.name}>
                    {type.name}
                  </span>
                  <span className="space-y-0.5 border-l border-zinc-300 bg-[linear-gradient(to_right,transparent_calc(50%-0.5px),var(--color-zinc-200)_calc(50%-0.5px),var(--color-zinc-200)_calc(50%+0.5px),transparent_calc(50%+0.5px))]">
                    {BARS.map((bar) => {
                      const passed = bar.passed(type.figures);
                      const total = bar.total(type.figures);
                      const rate = formatRate(passed, total);
                      return (
                        <Link
                          key={bar.key}
                          href={galleryHref({ types: [type.id], [bar.key]: "pass" })}
                          className={`block h-2.5 min-w-px rounded-r-sm ${bar.color} hover:opacity-75 focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-zinc-900`}
                          style={{ width: total ? `${(100 * passed) / total}%` : 0 }}
                          aria-label={`${bar.label} pass rate of ${type.name}: ${rate}, ${formatCount(passed)} of ${formatCount(total)} edits with a verdict. Open the ${formatCount(passed)} passing edits.`}
                          title={`${bar.label}: ${rate} (${formatCount(passed)} of ${formatCount(total)})`}
                          data-testid={`pass-bar-${bar.key}-${type.id}`}
                          data-passed={passed}
                        />
                      );
                    })}
                  </span>
                  <span className="flex justify-end gap-2 text-xs tabular-nums">
                    {BARS.map((bar) => (
                      <span key={bar.key} className={`w-12 text-right ${bar.text}`}>
                        {formatRate(bar.passed(type.figures), bar.total(type.figures))}
                      </span>
                    ))}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
    </figure>
  );
}
