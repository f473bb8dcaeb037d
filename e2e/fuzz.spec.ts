import { createRandom, type Random } from "../lib/demo/random";
import { expect, test } from "./fixtures";
import { ROUTES, type Route } from "./routes";

// Thousands of random and hostile requests to every route: whatever the query or the path
// segment, the answer is 2xx, 3xx or 4xx, never 5xx, and an API error is JSON that says what
// was wrong. The requests are drawn from a generator seeded by the route, so a failure can be
// replayed.

const REQUESTS_PER_ROUTE = 300;
const CONCURRENCY = 4;

// Values as they appear in a URL, already percent-encoded where a browser would encode them,
// and some encodings no browser sends (a lone surrogate, a bad escape, an overlong byte).
const HOSTILE = [
  "",
  "%20",
  "%00",
  "a%00b",
  "%01",
  "%1F",
  "%7F",
  "%C2%85",
  "%0A%0D",
  "99999999999",
  "2147483647",
  "2147483648",
  "-1",
  "0",
  "00001",
  "1e309",
  "-1e309",
  "1e-400",
  "NaN",
  "Infinity",
  "0x10",
  "1.5",
  "0.5",
  "1,2,3",
  ",,,",
  "1,,2",
  "1,-1",
  Array.from({ length: 150 }, (_, i) => i + 1).join(","),
  "pass",
  "fail",
  "none",
  "true",
  "maybe",
  "null",
  "undefined",
  "%27%3B%20DROP%20TABLE%20%22Edit%22%3B--",
  "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
  "%25",
  "%zz",
  "%",
  "%E0%A4",
  "%ED%A0%80",
  "%C0%AF",
  "%FF%FE",
  "..%2F..%2Fetc%2Fpasswd",
  "%F0%9F%8C%8A%20snow",
  "%D7%A9%D7%9C%D7%95%D7%9D",
  "x".repeat(5000),
  "snow",
  "overall_desc",
  "random",
  "0.5_12",
  "null_3",
  "abc_def",
];
const UNKNOWN_NAMES = [
  "overall",
  "overall_min_",
  "type",
  "cursor%00",
  "%00",
  "a%20b",
  "__proto__",
  "constructor",
  "x".repeat(300),
];

function randomQuery(route: Route, random: Random): string {
  const count = random.int(0, 3);
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const useKnown = route.params.length > 0 && random.chance(0.8);
    const name = useKnown ? random.pick(route.params) : random.pick(UNKNOWN_NAMES);
    parts.push(`${name}=${random.pick(HOSTILE)}`);
    // Now and then the same param twice.
    if (random.chance(0.1)) parts.push(`${name}=${random.pick(HOSTILE)}`);
  }
  if (random.chance(0.05)) parts.push(random.pick(HOSTILE));
  return parts.length ? `?${parts.join("&")}` : "";
}

// Each dynamic segment (":id", an export's ":name") filled in on its own.
function randomPath(route: Route, random: Random): string {
  return route.path.replace(/:\w+/g, () => {
    const segment = random.chance(0.3) ? String(random.int(1, 50)) : random.pick(HOSTILE);
    return segment || "%20";
  });
}

type Failure = { url: string; problem: string };

// A write gets a hostile body too, as JSON text or not.
async function check(baseURL: string, url: string, route: Route, payload: string): Promise<Failure | null> {
  const response = await fetch(
    baseURL + url,
    route.post
      ? { method: "POST", redirect: "manual", headers: { "content-type": "application/json" }, body: payload }
      : { redirect: "manual" },
  );
  const body = await response.text();
  if (response.status >= 500) return { url, problem: `status ${response.status}: ${body.slice(0, 200)}` };
  if (route.kind === "api" && response.status >= 400) {
    let message: unknown;
    try {
      message = (JSON.parse(body) as { error?: { message?: unknown } }).error?.message;
    } catch {
      return { url, problem: `status ${response.status} without a JSON body: ${body.slice(0, 120)}` };
    }
    if (typeof message !== "string" || message === "")
      return { url, problem: `status ${response.status}, no error message` };
  }
  return null;
}

for (const route of ROUTES) {
  test(`no 5xx from ${REQUESTS_PER_ROUTE} hostile requests to ${route.path}`, async ({ baseURL }) => {
    test.setTimeout(120_000);
    const random = createRandom(`fuzz:${route.path}`);
    const urls = Array.from(
      { length: REQUESTS_PER_ROUTE },
      () => randomPath(route, random) + randomQuery(route, random),
    );
    const bodies = urls.map(() => {
      const value = decodeURIComponent(
        random
          .pick(HOSTILE)
          .replace(/%(?![0-9A-F]{2})/gi, "%25")
          .replace(/%[89A-F][0-9A-F]/gi, ""),
      );
      return random.pick([
        value,
        JSON.stringify(value),
        `{"editId":${JSON.stringify(value)},"verdict":"PASS","after":null}`,
      ]);
    });
    const failures: Failure[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < urls.length) {
          const index = next++;
          const failure = await check(baseURL as string, urls[index] as string, route, bodies[index] as string);
          if (failure) failures.push(failure);
        }
      }),
    );
    expect(failures.slice(0, 10), `${failures.length} of ${urls.length} requests failed`).toEqual([]);
  });
}
