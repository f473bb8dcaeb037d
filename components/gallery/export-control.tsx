"use client";

import Link from "next/link";
import { useState } from "react";

import { EXPORT_FORMATS, FORMATS, type ExportFormatName } from "@/lib/export/formats";

// The gallery's filter as a file: Download streams it at once (and lists it on /exports);
// Run as job opens the export form with the filter filled in, for exports too large to
// wait on. filter: the filter's params only, without the view's sort or cursor.
export function ExportControl({ filter }: { filter: string }) {
  const [format, setFormat] = useState<ExportFormatName>("csv");
  const download = `/api/exports/download?format=${format}${filter ? `&${filter}` : ""}`;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" data-testid="export-control">
      <span className="text-zinc-500">Export</span>
      <select
        aria-label="Export format"
        value={format}
        onChange={(event) => setFormat(event.target.value as ExportFormatName)}
        className="rounded-md border border-zinc-300 bg-white px-2 py-1"
      >
        {EXPORT_FORMATS.map((name) => (
          <option key={name} value={name}>
            {FORMATS[name].label}
          </option>
        ))}
      </select>
      <a href={download} download className="rounded-md bg-zinc-900 px-2 py-1 font-medium text-white hover:bg-zinc-700">
        Download
      </a>
      <Link href={`/exports?filter=${encodeURIComponent(filter)}`} className="underline">
        Run as job
      </Link>
    </div>
  );
}
