import type { FileHandle } from "node:fs/promises";

import { AppError, errorResponse } from "../api/errors";
import { parseRange } from "./byte-ranges";
import { httpDate, isRangeCurrent, type Validators } from "./conditional";

// Bytes read per pull: the stream holds one chunk at a time, whatever the file's size.
export const CHUNK_BYTES = 64 * 1024;

// The bytes start..end (inclusive) of an open file as a web stream, read only as the
// response takes them: a slow client holds one chunk in memory, not the file. The handle
// is closed after the last byte, on an error, on cancel, and when `signal` aborts: Next
// aborts the request's signal when the client goes away, and does not always cancel a
// body it has not started to send.
export function fileStream(
  handle: FileHandle,
  start: number,
  end: number,
  signal?: AbortSignal,
): ReadableStream<Uint8Array> {
  let position = start;
  const close = () => {
    signal?.removeEventListener("abort", close);
    return handle.close().catch(() => undefined);
  };
  if (signal?.aborted) void close();
  else signal?.addEventListener("abort", close, { once: true });
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const length = Math.min(CHUNK_BYTES, end + 1 - position);
          if (length > 0) {
            const { bytesRead, buffer } = await handle.read(new Uint8Array(length), 0, length, position);
            // The file shrank since its size was read: end the response as broken, not short.
            if (bytesRead === 0) throw new Error(`file ended at byte ${position}, before byte ${end}`);
            position += bytesRead;
            controller.enqueue(buffer.subarray(0, bytesRead));
          }
          if (position > end) {
            await close();
            controller.close();
          }
        } catch (error) {
          await close();
          controller.error(error);
        }
      },
      cancel: close,
    },
    { highWaterMark: 0 },
  );
}

export type OpenFile = { handle: FileHandle; size: number; type: string };

// The response for an open file under a request's Range and If-Range headers: all of it
// (200), the range asked for (206), or 416 for a range past its end; HEAD gets the
// headers alone. `headers` are the caching headers every answer carries. Takes over the
// handle: it is closed when the body ends, or at once when there is none.
export function fileResponse(
  request: Request,
  file: OpenFile,
  validators: Validators,
  headers: Record<string, string>,
): Response {
  const common = {
    ...headers,
    ETag: validators.etag,
    "Last-Modified": httpDate(validators.lastModified),
    "Accept-Ranges": "bytes",
  };
  const range = isRangeCurrent(request.headers, validators)
    ? parseRange(request.headers.get("range"), file.size)
    : ({ kind: "full" } as const);
  if (range.kind === "unsatisfiable") {
    void file.handle.close().catch(() => undefined);
    return errorResponse(
      new AppError(
        "RANGE_NOT_SATISFIABLE",
        `range "${request.headers.get("range")}" is outside the file's ${file.size} bytes`,
      ),
      { headers: { ...common, "Content-Range": `bytes */${file.size}` } },
    );
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, file.size - 1];
  const responseHeaders = {
    ...common,
    "Content-Type": file.type,
    "Content-Length": String(end + 1 - start),
    ...(range.kind === "partial" && { "Content-Range": `bytes ${start}-${end}/${file.size}` }),
  };
  const status = range.kind === "partial" ? 206 : 200;
  if (request.method === "HEAD") {
    void file.handle.close().catch(() => undefined);
    return new Response(null, { status, headers: responseHeaders });
  }
  return new Response(fileStream(file.handle, start, end, request.signal), { status, headers: responseHeaders });
}
