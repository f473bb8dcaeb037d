// What to send for a request's Range header (RFC 9110, section 14) on a file of `size`
// bytes: all of it, one range of it (first and last byte, inclusive), or a 416.
export type RangeAnswer =
  { kind: "full" } | { kind: "partial"; start: number; end: number } | { kind: "unsatisfiable" };

const SPEC = /^(\d*)-(\d*)$/;

// One range is answered as asked. A header that is not a byte range set, or that does not
// parse, is ignored, as the RFC allows: the whole file is sent. So is a header with more
// than one range: browsers ask for one (media seeking, resumed downloads), and a
// multipart/byteranges answer would cost more than the whole image it cuts up.
export function parseRange(header: string | null, size: number): RangeAnswer {
  if (header === null) return { kind: "full" };
  const match = /^\s*bytes\s*=\s*(.*)$/i.exec(header);
  if (!match) return { kind: "full" };
  const specs = (match[1] as string).split(",").map((spec) => spec.trim());
  if (specs.length !== 1) return { kind: "full" };
  const parts = SPEC.exec(specs[0] as string);
  if (!parts) return { kind: "full" };
  const [first, last] = [parts[1] as string, parts[2] as string];
  if (first === "" && last === "") return { kind: "full" };
  const [from, to] = [Number(first), Number(last)];
  if (first === "") {
    // A suffix: the last `to` bytes, or the whole file when it is shorter.
    if (to === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - to), end: size - 1 };
  }
  if (last !== "" && to < from) return { kind: "full" };
  if (from >= size) return { kind: "unsatisfiable" };
  return { kind: "partial", start: from, end: last === "" ? size - 1 : Math.min(to, size - 1) };
}
