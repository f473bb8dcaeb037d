import { env } from "../env";
import { DEFAULT_IMAGE_BASE_URL, isRemote } from "../pico/paths";
import { resolveImageFile, type LocalFile } from "./local-path";

// IMAGE_BASE_URL, or the release's public base, ending in "/".
export function imageBaseUrl(): string {
  const base = env().IMAGE_BASE_URL ?? DEFAULT_IMAGE_BASE_URL;
  return base.endsWith("/") ? base : `${base}/`;
}

export type ImageRef = { uri: string; localPath: string | null };
export type Located =
  ({ kind: "file" } & LocalFile) | { kind: "remote"; url: string } | { kind: "missing"; reason: string };

// Where an image's bytes are: a file under the image root (its local copy, or its
// relative path in a local mirror) comes first; else the remote URL, or the relative
// path joined to the dataset's base URL.
export async function locateImage(image: ImageRef, root: string, baseUrl: string): Promise<Located> {
  for (const candidate of [image.localPath, isRemote(image.uri) ? null : image.uri]) {
    if (!candidate) continue;
    const resolved = await resolveImageFile(root, candidate.split("/"));
    if (resolved.ok) return { kind: "file", file: resolved.file, size: resolved.size, mtimeMs: resolved.mtimeMs };
  }
  if (isRemote(image.uri)) return { kind: "remote", url: image.uri };
  try {
    return { kind: "remote", url: new URL(image.uri, baseUrl).toString() };
  } catch {
    return { kind: "missing", reason: `no local file and no URL for "${image.uri}"` };
  }
}
