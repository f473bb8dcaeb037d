// Where the browser fetches an image: the app's by-id route serves it from the image
// root or redirects to its remote URL (lib/images/locate.ts).
export const imageSrc = (imageId: number) => `/api/images/by-id/${imageId}`;
