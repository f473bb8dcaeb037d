import "server-only";

import pg from "pg";

import { databaseUrl, env } from "../env";

// Figures cached until the tables they are read from change. A transaction that writes a
// watched table sends NOTIFY pico_changes with the table's name when it commits
// (migration 20261130190000_change_notifications); one listening connection per process
// counts the notifications per table. A figure is cached with the counts of its tables
// when its computation started, and served while they stand: a write that commits during
// the computation makes it stale at once. The delay between a commit and its
// notification is a round trip; caughtUp() waits it out. While the connection is not
// listening (the database is down, say) nothing is cached: every figure is computed.

const CHANNEL = "pico_changes";
const RETRY_MS = 5_000;
// How the listening connection shows in pg_stat_activity.
export const APPLICATION_NAME = "pico-curator change feed";

export type WatchedTable =
  | "Category"
  | "Edit"
  | "EditFacetCount"
  | "EditType"
  | "GalleryChange"
  | "Image"
  | "ImportBatch"
  | "PairChange"
  | "PreferencePair"
  | "Review"
  | "Sequence"
  | "Task";

type Entry = { version: string; value: Promise<unknown> };

class ChangeFeed {
  private client?: pg.Client;
  private opening?: Promise<pg.Client | undefined>;
  private failedAt = 0;
  // Bumped on every new connection: what changed while none listened is unknown.
  private epoch = 0;
  private counts = new Map<string, number>();
  private marks = 0;
  private waiting = new Map<string, () => void>();
  private entries = new Map<string, Entry>();

  // The listening connection, opened on first use; undefined while it cannot be.
  private async listening(): Promise<pg.Client | undefined> {
    if (this.client) return this.client;
    if (Date.now() - this.failedAt < RETRY_MS) return undefined;
    this.opening ??= this.open().finally(() => (this.opening = undefined));
    return this.opening;
  }

  private async open(): Promise<pg.Client | undefined> {
    const url = databaseUrl();
    if (!url) return undefined;
    const client = new pg.Client({
      connectionString: url,
      statement_timeout: env().STATEMENT_TIMEOUT_MS,
      application_name: APPLICATION_NAME,
    });
    client.on("notification", (message) => this.notified(message.payload ?? ""));
    // A dropped connection: stop caching, and open another on the next read.
    const drop = () => {
      if (this.client !== client) return;
      this.client = undefined;
      this.failedAt = 0;
      for (const resolve of this.waiting.values()) resolve();
      this.waiting.clear();
    };
    client.on("error", (error) => {
      console.error(`change feed: ${error.message}; figures are computed until it listens again`);
      drop();
    });
    client.on("end", drop);
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      this.failedAt = Date.now();
      console.error(`change feed: cannot listen (${(error as Error).message}); figures are computed, not cached`);
      await client.end().catch(() => undefined);
      return undefined;
    }
    this.epoch++;
    this.client = client;
    return client;
  }

  private notified(payload: string) {
    const mark = this.waiting.get(payload);
    if (mark) {
      this.waiting.delete(payload);
      mark();
      return;
    }
    this.counts.set(payload, (this.counts.get(payload) ?? 0) + 1);
  }

  private version(tables: readonly WatchedTable[]): string {
    return `${this.epoch}:${tables.map((table) => this.counts.get(table) ?? 0).join(",")}`;
  }

  async cached<T>(key: string, tables: readonly WatchedTable[], compute: () => Promise<T>): Promise<T> {
    if (!(await this.listening())) return compute();
    const version = this.version(tables);
    const entry = this.entries.get(key);
    if (entry?.version === version) return entry.value as Promise<T>;
    const value = compute();
    this.entries.set(key, { version, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    return value;
  }

  // The tables' version while listening: the same string until one of them changes.
  async versionOf(tables: readonly WatchedTable[]): Promise<string | undefined> {
    return (await this.listening()) ? this.version(tables) : undefined;
  }

  // Resolves once every change committed before the call has been counted: it sends a
  // notification of its own and waits for it, and notifications arrive in commit order.
  async caughtUp(): Promise<void> {
    const client = await this.listening();
    if (!client) return;
    const mark = `caught-up ${process.pid} ${++this.marks}`;
    const arrived = new Promise<void>((resolve) => this.waiting.set(mark, resolve));
    await client.query(`SELECT pg_notify($1, $2)`, [CHANNEL, mark]);
    await arrived;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.entries.clear();
    await client?.end().catch(() => undefined);
  }
}

// One feed per process, kept on globalThis as lib/db.ts keeps its client: Next.js may load
// this module more than once.
const globalForFeed = globalThis as unknown as { changeFeed?: ChangeFeed };
const feed = (): ChangeFeed => (globalForFeed.changeFeed ??= new ChangeFeed());

// compute()'s value, computed again only when one of the tables has changed since.
// Callers sharing a key while it computes share its one computation.
export const cached = <T>(key: string, tables: readonly WatchedTable[], compute: () => Promise<T>): Promise<T> =>
  feed().cached(key, tables, compute);

// The tables' version: a string that stays the same until one of them changes; undefined
// while no connection listens (nothing can be known to be unchanged).
export const changeVersion = (tables: readonly WatchedTable[]): Promise<string | undefined> => feed().versionOf(tables);

export const caughtUp = (): Promise<void> => feed().caughtUp();

export const closeChangeFeed = (): Promise<void> => feed().close();
