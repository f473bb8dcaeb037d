import fs from "node:fs";
import path from "node:path";

export const IMAGE_TYPES: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".webp": "image/webp",
  ".gif": "image/gif",
};

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 404; reason: string };

// Maps a relative image path (an image's URI or local copy, split at "/") to a file under
// root, refusing anything that could leave it: "..", ".", empty segments, separators or
// NUL inside a segment, and symlinks that point outside.
export function resolveImageFile(root: string, segments: string[]): Resolved {
  for (const segment of segments) {
    if (segment === "" || segment === "." || segment === ".." || /[/\\\0]/.test(segment))
      return { ok: false, status: 400, reason: `bad path segment "${segment}"` };
  }
  const base = path.resolve(root);
  const candidate = path.join(base, ...segments);
  const missing = { ok: false, status: 404, reason: `no image at ${segments.join("/")}` } as const;
  // Most images of a page that are not mirrored locally end here, at one failed stat.
  // These calls are synchronous: a stat or realpath takes microseconds, and a gallery page
  // makes over a hundred of them, which the thread pool's round trips made ten times slower.
  const stat = fs.statSync(candidate, { throwIfNoEntry: false });
  if (!stat?.isFile()) return missing;
  let real: string;
  let realBase: string;
  try {
    [real, realBase] = [fs.realpathSync(candidate), fs.realpathSync(base)];
  } catch {
    return missing;
  }
  if (!real.startsWith(realBase + path.sep)) return missing;
  return { ok: true, file: real };
}
