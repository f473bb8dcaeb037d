// Where the browser fetches an image: remote URIs as they are, relative ones through
// the app's image route, which serves files under the image root.
export function imageSrc(uri: string): string {
  if (/^https?:\/\//i.test(uri)) return uri;
  return `/api/images/${uri.split("/").map(encodeURIComponent).join("/")}`;
}
