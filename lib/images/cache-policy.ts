export const IMMUTABLE = "public, max-age=31536000, immutable";
// An unversioned URL may be kept a minute, then revalidated by its ETag.
export const REVALIDATE = "public, max-age=60";

export type CachePolicy = { kind: "serve"; cacheControl: string } | { kind: "redirect" };

// How to answer a request for a local image whose current version is `current`: the
// current version is cached for good; no version (links made without one) is served
// but kept briefly; a stale version is sent to the current URL instead of being
// answered with other bytes than the ones it was cached for.
export function cachePolicy(requested: string | null, current: string): CachePolicy {
  if (requested === null) return { kind: "serve", cacheControl: REVALIDATE };
  if (requested === current) return { kind: "serve", cacheControl: IMMUTABLE };
  return { kind: "redirect" };
}
