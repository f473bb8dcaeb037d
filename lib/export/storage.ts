import { once } from "node:events";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";

// Where export files live. A job's files are keyed "<job id>/<file name>". A file being
// written has a temporary name until commit() renames it, so no reader ever sees a partial
// file under its real name. The local folder is one implementation; object storage (a
// multipart upload completed on commit) would be another.

export type StoreWriter = {
  write(chunk: Buffer): Promise<void>;
  commit(): Promise<void>;
  discard(): Promise<void>;
};

export interface ExportStore {
  create(key: string): Promise<StoreWriter>;
  put(key: string, data: string | Buffer): Promise<void>;
  // Null when there is no such (finished) file.
  open(key: string): Promise<{ stream: Readable; size: number } | null>;
  // Every file of a job, finished or not.
  removeJob(jobId: number): Promise<void>;
  // The names in a job's folder, temporary ones included (tests look for leftovers).
  list(jobId: number): Promise<string[]>;
}

export const PARTIAL_SUFFIX = ".partial";
const KEY = /^\d+\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

// A file written as PATH.partial and renamed to PATH on commit.
export async function fileWriter(final: string): Promise<StoreWriter> {
  const partial = final + PARTIAL_SUFFIX;
  const out = fs.createWriteStream(partial);
  await new Promise<void>((resolve, reject) => out.once("open", () => resolve()).once("error", reject));
  let failed: Error | null = null;
  out.on("error", (error) => (failed = error));
  const closed = () =>
    new Promise<void>((resolve, reject) => {
      if (out.closed) return failed ? reject(failed) : resolve();
      out.once("close", () => (failed ? reject(failed) : resolve()));
      out.end();
    });
  return {
    async write(chunk) {
      if (failed) throw failed;
      // events.once takes its listeners off again, whichever of drain and error comes.
      if (!out.write(chunk)) await once(out, "drain");
    },
    async commit() {
      await closed();
      await fs.promises.rename(partial, final);
    },
    async discard() {
      await closed().catch(() => undefined);
      await fs.promises.rm(partial, { force: true });
    },
  };
}

export function localStore(root: string): ExportStore {
  const file = (key: string) => {
    if (!KEY.test(key)) throw new Error(`not an export file key: ${key}`);
    return path.join(root, key);
  };
  return {
    async create(key) {
      const final = file(key);
      await fs.promises.mkdir(path.dirname(final), { recursive: true });
      return fileWriter(final);
    },
    async put(key, data) {
      const final = file(key);
      await fs.promises.mkdir(path.dirname(final), { recursive: true });
      await fs.promises.writeFile(final + PARTIAL_SUFFIX, data);
      await fs.promises.rename(final + PARTIAL_SUFFIX, final);
    },
    async open(key) {
      const target = file(key);
      const stat = await fs.promises.stat(target).catch(() => null);
      if (!stat?.isFile()) return null;
      return { stream: fs.createReadStream(target), size: stat.size };
    },
    async removeJob(jobId) {
      await fs.promises.rm(path.join(root, String(jobId)), { recursive: true, force: true });
    },
    async list(jobId) {
      return fs.promises.readdir(path.join(root, String(jobId))).catch(() => []);
    },
  };
}
