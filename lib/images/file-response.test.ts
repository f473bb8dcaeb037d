import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it, vi } from "vitest";

import { CHUNK_BYTES, fileStream } from "./file-response";

const folder = fs.mkdtempSync(path.join(os.tmpdir(), "pico-stream-"));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

const file = path.join(folder, "bytes.bin");
const bytes = Buffer.from(Array.from({ length: 3 * CHUNK_BYTES + 10 }, (_, i) => (i * 7) % 256));
fs.writeFileSync(file, bytes);

async function readChunks(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value);
  return chunks;
}
// A FileHandle's fd is -1 once it is closed.
const isClosed = (handle: fsp.FileHandle) => handle.fd === -1;

describe("fileStream", () => {
  it("sends the asked bytes in chunks and closes the file with the last one", async () => {
    const handle = await fsp.open(file);
    const reader = fileStream(handle, 5, bytes.length - 1).getReader();
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < 4; i++) chunks.push(((await reader.read()) as { value: Uint8Array }).value);
    // Closed before anyone asks for more.
    expect(isClosed(handle)).toBe(true);
    expect(chunks.map((chunk) => chunk.length)).toEqual([CHUNK_BYTES, CHUNK_BYTES, CHUNK_BYTES, 5]);
    // equals(), not toEqual(): a deep equality of 200 KB takes most of a second.
    expect(Buffer.concat(chunks).equals(bytes.subarray(5))).toBe(true);
    expect((await reader.read()).done).toBe(true);
  });

  it("sends a range inside one chunk, and nothing for an empty file", async () => {
    expect(Buffer.concat(await readChunks(fileStream(await fsp.open(file), 100, 199)))).toEqual(
      bytes.subarray(100, 200),
    );
    const empty = path.join(folder, "empty.bin");
    fs.writeFileSync(empty, "");
    const handle = await fsp.open(empty);
    expect(await readChunks(fileStream(handle, 0, -1))).toEqual([]);
    expect(isClosed(handle)).toBe(true);
  });

  it("closes the file when the body is cancelled or the request aborted", async () => {
    const cancelled = await fsp.open(file);
    const reader = fileStream(cancelled, 0, bytes.length - 1).getReader();
    await reader.read();
    await reader.cancel();
    expect(isClosed(cancelled)).toBe(true);

    const aborted = await fsp.open(file);
    const request = new AbortController();
    fileStream(aborted, 0, bytes.length - 1, request.signal);
    request.abort();
    await vi.waitFor(() => expect(isClosed(aborted)).toBe(true));

    const before = await fsp.open(file);
    fileStream(before, 0, bytes.length - 1, AbortSignal.abort());
    await vi.waitFor(() => expect(isClosed(before)).toBe(true));
  });

  it("fails rather than ending short when the file shrank after its size was read", async () => {
    const shrinking = path.join(folder, "shrinking.bin");
    fs.writeFileSync(shrinking, bytes);
    const handle = await fsp.open(shrinking);
    fs.truncateSync(shrinking, CHUNK_BYTES);
    await expect(readChunks(fileStream(handle, 0, bytes.length - 1))).rejects.toThrow(
      `file ended at byte ${CHUNK_BYTES}, before byte ${bytes.length - 1}`,
    );
    expect(isClosed(handle)).toBe(true);
  });
});
