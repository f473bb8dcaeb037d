import type { ThumbnailWidth } from "./thumbnails";

// Where the browser fetches an image: the app's by-id route serves it from the image
// root, as a thumbnail when a width is given, or redirects to its remote URL.
export const imageSrc = (imageId: number, width?: ThumbnailWidth) => `/api/images/by-id/${imageId}${width ? `?w=${width}` : ""}`;
