// Image references in the released manifests: remote URLs, or paths relative to the
// dataset's base URL (or a local mirror of it).

// Public base of the relative paths (pico/FORMAT.md: the path really says 300k).
export const DEFAULT_IMAGE_BASE_URL = "https://ml-site.cdn-apple.com/datasets/pico-banana-300k/nb/";

// Some rejected paths carry the bucket name in front ("nano-banana-300k/images/...").
const BUCKET_PREFIX = /^nano-banana-300k\//;
const RETRY = /_retry(\d+)\.[A-Za-z0-9]+$/;

export const MAX_URI_LENGTH = 2048;

export const isRemote = (uri: string) => /^https?:\/\//i.test(uri);

export type PathCheck = { ok: true; uri: string } | { ok: false; reason: string };

// A relative path as stored: bucket prefix and "./" removed. Refuses what could not
// be a file under the base: absolute paths, "..", backslashes, empty segments.
export function normalizeImagePath(value: string): PathCheck {
  if (value.length > MAX_URI_LENGTH) return { ok: false, reason: `longer than ${MAX_URI_LENGTH} characters` };
  if (isRemote(value)) return checkUrl(value);
  const path = value.replace(/^\.\//, "").replace(BUCKET_PREFIX, "");
  if (
    path === "" ||
    path.startsWith("/") ||
    path.includes("\\") ||
    /[\0-\x1f]/.test(path) ||
    path.split("/").some((segment) => segment === "" || segment === "." || segment === "..")
  ) {
    return { ok: false, reason: `"${value.slice(0, 120)}" is not a relative image path` };
  }
  return { ok: true, uri: path };
}

export function checkUrl(value: string): PathCheck {
  if (value.length > MAX_URI_LENGTH) return { ok: false, reason: `longer than ${MAX_URI_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: `"${value.slice(0, 120)}" is not a URL` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    return { ok: false, reason: `"${value.slice(0, 120)}" is not an http(s) URL` };
  if (!url.hostname.includes(".") && url.hostname !== "localhost")
    return { ok: false, reason: `"${value.slice(0, 120)}" has no valid host` };
  return { ok: true, uri: value };
}

// "kewsft_retry2.png" was the second attempt; a name without the suffix, the first.
export function attemptFromName(uri: string): number | null {
  const match = RETRY.exec(uri);
  return match ? Number(match[1]) : null;
}
