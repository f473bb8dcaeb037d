// Conditional requests on a response's validators (RFC 9110, section 13): its ETag (strong,
// quoted) and its Last-Modified time.
export type Validators = { etag: string; lastModified: Date };

// Last-Modified as HTTP writes it, to the second.
export const httpDate = (time: Date) => time.toUTCString();

const tags = (header: string) => header.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
// HTTP dates have whole seconds: a file modified at .6 s is "not modified since" that second.
const wholeSeconds = (time: Date) => Math.floor(time.getTime() / 1000) * 1000;

// Whether the client's copy is current (304). If-None-Match decides when present (compared
// weakly, a list or *), If-Modified-Since only without it.
export function isNotModified(headers: Headers, validators: Validators): boolean {
  const noneMatch = headers.get("if-none-match");
  if (noneMatch !== null) {
    const given = tags(noneMatch);
    return given.includes("*") || given.includes(validators.etag);
  }
  const since = headers.get("if-modified-since");
  if (since === null) return false;
  const time = Date.parse(since);
  return !Number.isNaN(time) && wholeSeconds(validators.lastModified) <= time;
}

// Whether a Range request may be answered with part of the file: without If-Range, yes;
// with it, only when it names the current version (the ETag, strongly, or the exact
// Last-Modified date), so that a client resuming an old copy gets the whole new one.
export function isRangeCurrent(headers: Headers, validators: Validators): boolean {
  const ifRange = headers.get("if-range")?.trim();
  if (!ifRange) return true;
  if (ifRange.startsWith('"') || ifRange.startsWith("W/")) return ifRange === validators.etag;
  return Date.parse(ifRange) === wholeSeconds(validators.lastModified);
}
