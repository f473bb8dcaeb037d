// A GET of one of our JSON endpoints from the browser. The status is read first: an error
// answer becomes an Error carrying the API's own message (`{ error: { message } }`), or the
// status when the body is not our JSON (a proxy's error page, say).
export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  if (!response.ok) {
    const isJson = response.headers.get("content-type")?.includes("application/json");
    const body = isJson ? await response.json().catch(() => null) : null;
    throw new Error(
      body?.error?.message ?? `GET ${url.split("?")[0]} answered ${response.status} ${response.statusText}`,
    );
  }
  return (await response.json()) as T;
}
