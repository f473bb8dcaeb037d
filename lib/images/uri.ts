import type { ThumbnailWidth } from "./thumbnails";

// Where the browser fetches an image: the app's by-id route serves it from the image
// root, as a thumbnail when a width is given, or redirects to its remote URL. With the
// file's version (lib/images/version.ts) the response is cached as immutable.
export function imageSrc(imageId: number, width?: ThumbnailWidth, version?: string): string {
  const params = new URLSearchParams();
  if (width) params.set("w", String(width));
  if (version) params.set("v", version);
  const query = params.toString();
  return `/api/images/by-id/${imageId}${query ? `?${query}` : ""}`;
}
