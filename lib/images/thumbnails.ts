import crypto from "node:crypto";
import fs, { type FileHandle } from "node:fs/promises";
import path from "node:path";

import sharp from "sharp";

import type { LocalFile } from "./local-path";
import { fileVersion } from "./version";

export const THUMBNAIL_WIDTHS = [160, 320, 640] as const;
export type ThumbnailWidth = (typeof THUMBNAIL_WIDTHS)[number];

// sharp could not read a file as an image: a damaged file, or not an image at all.
export class UnreadableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnreadableImageError";
  }
}

// After a write takes the cache over its limit, it is emptied down to this share of it, so
// that the next writes do not each evict one file.
const LOW_WATER = 0.9;
// A temporary file this old is left by a process that died while writing it.
const STALE_TEMPORARY_MS = 60 * 60 * 1000;

// WebP thumbnails of local images, made on first request and kept under `dir` as
// <width>/<version>.webp: a changed file has a new version (version.ts), so it gets a new
// thumbnail, and the old one ages out. The cache keeps at most `maxBytes` of them.
//
// A thumbnail is written under a temporary name, opened, then renamed into place, so a
// reader never sees half a file; two requests that make the same thumbnail at once each
// serve their own open file, and the second rename replaces the first with the same
// bytes. Eviction only unlinks, and an open file stays readable after its unlink, so no
// response is cut short by it.
//
// Eviction takes the least recently served thumbnail first: one of an image people still
// browse stays, one seen once long ago goes. Recency is kept in memory, in the order of a
// Map, rather than on disk: atime is off or lazy on most mounts (noatime, relatime), and
// touching mtime on every hit would cost a write per request. A new process starts from
// the files' modification times, i.e. the order they were made in. The folder is scanned
// once, at the first request; after that a running total is kept, so a request costs no
// scan. The server process is the folder's one writer; a file deleted by hand only makes
// the total too high until it is made again, which evicts a little early.
export class ThumbnailCache {
  // Each thumbnail's size by its name under dir, least recently served first.
  private entries = new Map<string, number>();
  private total = 0;
  private scanned?: Promise<void>;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {}

  // The bytes the cache holds, by its own count.
  get size(): number {
    return this.total;
  }

  // The thumbnail of `source` at `width`, open for reading, made first if need be.
  async open(source: LocalFile, width: ThumbnailWidth): Promise<{ handle: FileHandle; size: number }> {
    await (this.scanned ??= this.scan());
    const name = path.join(String(width), `${fileVersion(source)}.webp`);
    const target = path.join(this.dir, name);
    const cached = await fs.open(target, "r").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (cached) {
      try {
        const { size } = await cached.stat();
        this.record(name, size);
        return { handle: cached, size };
      } catch (error) {
        await cached.close();
        throw error;
      }
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    const temporary = `${target}.${process.pid}.${crypto.randomUUID()}.tmp`;
    try {
      await sharp(source.file)
        .resize({ width, withoutEnlargement: true })
        .webp({ quality: 80 })
        .toFile(temporary)
        .catch((error: Error) => {
          throw new UnreadableImageError(error.message);
        });
      const handle = await fs.open(temporary, "r");
      try {
        const { size } = await handle.stat();
        await fs.rename(temporary, target);
        this.record(name, size);
        await this.evict();
        return { handle, size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    } finally {
      // Gone already once renamed; left by sharp when it failed half-way.
      await fs.rm(temporary, { force: true });
    }
  }

  // Counts a thumbnail as the most recently served one.
  private record(name: string, size: number) {
    this.total += size - (this.entries.get(name) ?? 0);
    this.entries.delete(name);
    this.entries.set(name, size);
  }

  // Least recently served first, down to the low-water mark. The victims leave the count
  // before their files go, so two evictions at once never count one file twice.
  private async evict() {
    if (this.total <= this.maxBytes) return;
    const victims: string[] = [];
    for (const [name, size] of this.entries) {
      if (this.total <= this.maxBytes * LOW_WATER) break;
      this.entries.delete(name);
      this.total -= size;
      victims.push(name);
    }
    await Promise.all(victims.map((name) => fs.rm(path.join(this.dir, name), { force: true })));
  }

  // What an earlier run left: its thumbnails, oldest first, and the removal of its stale
  // temporary files; then it is brought under the limit, which may have been lowered.
  private async scan() {
    const widths = await fs.readdir(this.dir).catch(() => [] as string[]);
    const now = Date.now();
    const found = await Promise.all(
      widths.map(async (width) => {
        const names = await fs.readdir(path.join(this.dir, width)).catch(() => [] as string[]);
        const files = await Promise.all(
          names.map(async (file) => {
            const name = path.join(width, file);
            const stat = await fs.stat(path.join(this.dir, name)).catch(() => undefined);
            if (!stat?.isFile()) return [];
            if (file.endsWith(".tmp")) {
              if (now - stat.mtimeMs > STALE_TEMPORARY_MS) await fs.rm(path.join(this.dir, name), { force: true });
              return [];
            }
            return file.endsWith(".webp") ? [{ name, size: stat.size, mtimeMs: stat.mtimeMs }] : [];
          }),
        );
        return files.flat();
      }),
    );
    for (const file of found.flat().sort((a, b) => a.mtimeMs - b.mtimeMs)) this.record(file.name, file.size);
    await this.evict();
  }
}

// The process's one cache for a folder, so that every request shares its running total.
// Kept on globalThis, as the Prisma client is, so that a dev-server reload of this module
// does not start a second count of the same folder.
export function thumbnailCache(dir: string, maxBytes: number): ThumbnailCache {
  const shared = globalThis as unknown as { thumbnailCaches?: Map<string, ThumbnailCache> };
  const caches = (shared.thumbnailCaches ??= new Map());
  let cache = caches.get(dir);
  if (cache?.maxBytes !== maxBytes) {
    cache = new ThumbnailCache(dir, maxBytes);
    caches.set(dir, cache);
  }
  return cache;
}
