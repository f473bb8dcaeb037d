import crypto from "node:crypto";

import type { LocalFile } from "./local-path";

// The version of a local image file, carried in its URL (?v=) so that the response can be
// cached as immutable. Neither the image's id nor its URI pins its bytes: a reset drops
// the schema and ids start again at 1, the demo rewrites its files at the same paths, a
// mirror gains or replaces files, and IMAGE_ROOT can point elsewhere. The served file's
// real path, size and modification time change in all of those cases, and locating the
// file has read them already (one stat), so a version costs no further call. Thumbnails
// are named by the same key, so a new version is also a new thumbnail.
export function fileVersion({ file, size, mtimeMs }: LocalFile): string {
  return crypto.createHash("sha1").update(`${file}\n${size}\n${mtimeMs}`).digest("hex").slice(0, 16);
}
