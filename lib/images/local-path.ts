import fs from "node:fs/promises";
import path from "node:path";

export const IMAGE_TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
};

// A file found under the image root: its real path, and the size and modification time
// that its version (version.ts), the size limit and the response headers are read from.
export type LocalFile = { file: string; size: number; mtimeMs: number };

export type Resolved = ({ ok: true } & LocalFile) | { ok: false; status: 400 | 404; reason: string };

// Folder lookups are kept for a second: with no local mirror of the release (images served
// from the dataset's URLs) a gallery page would otherwise make one failed lookup per image
// through the thread pool, 60 or more, and a judge run two realpath calls of the root per edit.
const FOLDER_CHECK_MS = 1000;
const folders = new Map<string, { answer: Promise<string | null>; at: number }>();

// A folder's real path (with real: true) or its own path, when it is a folder; else null.
function folder(dir: string, real: boolean): Promise<string | null> {
  const key = `${real ? "real" : "is"}:${dir}`;
  const known = folders.get(key);
  if (known && Date.now() - known.at < FOLDER_CHECK_MS) return known.answer;
  const answer = fs
    .stat(dir)
    .then((stat) => (stat.isDirectory() ? (real ? fs.realpath(dir) : dir) : null))
    .catch(() => null);
  folders.set(key, { answer, at: Date.now() });
  if (folders.size > 10_000) folders.delete(folders.keys().next().value as string);
  return answer;
}

// Maps a relative image path (an image's URI or local copy, split at "/") to a file under
// root, refusing anything that could leave it: "..", ".", empty segments, separators or
// NUL inside a segment, and symlinks that point outside.
export async function resolveImageFile(root: string, segments: string[]): Promise<Resolved> {
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === ".." || /[/\\\0]/.test(segment))
      return { ok: false, status: 400, reason: `bad path segment "${segment}"` };
  }
  const base = path.resolve(root);
  const candidate = path.join(base, ...segments);
  const missing = { ok: false, status: 404, reason: `no image at ${segments.join("/")}` } as const;
  // Most images of a gallery page are not mirrored locally: those end here, at one failed
  // stat. The calls go through the thread pool: synchronous ones were quicker on a warm
  // local disk (a page's 122 lookups took 1.3-2 ms against 5.3 ms, commit c49a4e9), but
  // each blocks every other request for as long as the disk takes, which on a cold cache
  // or a network mount is milliseconds per call. A page starts its lookups at once
  // (Promise.all), so it waits for the slowest, not for the sum.
  const [realBase, parent] = await Promise.all([folder(base, true), folder(path.dirname(candidate), false)]);
  if (!realBase || !parent) return missing;
  const stat = await fs.stat(candidate).catch(() => undefined);
  if (!stat?.isFile()) return missing;
  // realpath (the native one) says where a symlink really leads.
  const real = await fs.realpath(candidate).catch(() => null);
  if (!real || !real.startsWith(realBase + path.sep)) return missing;
  return { ok: true, file: real, size: stat.size, mtimeMs: stat.mtimeMs };
}
