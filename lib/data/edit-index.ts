import "server-only";

import pg from "pg";

import { pgPool } from "../db";
import { env } from "../env";
import { inTransaction } from "../postgres/connection";
import { EditColumns, type IndexedEdit } from "../gallery/edit-columns";
import { changeVersion } from "./changes";

// The gallery's columns of every edit in this process's memory (lib/gallery/edit-columns.ts),
// kept as current as PostgreSQL's rows. Loaded in one snapshot, remembering its xmin (the
// oldest transaction then still running); before each use, when the change feed says
// GalleryChange was written (or while it cannot listen), the edits the log names for
// transactions from that xmin on are read again, with the new snapshot's xmin, in one
// statement. Every write committed since the last read is among them; one read twice is
// harmless. A logged reload (a bulk statement, a TRUNCATE), a gap longer than the log keeps,
// or an error drops the columns: pages and counts are read from PostgreSQL until a new
// load is done.

const COLUMNS = `e."id", e."taskId", e."editTypeId", e."origin"::text AS "origin", e."judgeVerdict"::text AS "judgeVerdict",
  e."humanVerdict"::text AS "humanVerdict", e."effectiveVerdict"::text AS "effectiveVerdict", e."overall", e."compliance",
  e."realism", e."preservation", e."technical", e."signalFlags", s."folded"`;
const FROM = `FROM "Edit" e LEFT JOIN "TaskSearch" s ON s."taskId" = e."taskId"`;
const HORIZON = `pg_snapshot_xmin(pg_current_snapshot())::text::bigint`;
const LOAD_BATCH = 50_000;
// The log's rows are deleted after KEEP_MS; a reader that has not read it for longer than
// RELOAD_AFTER_MS may have missed some, and loads in full.
const KEEP_MS = 60 * 60_000;
const RELOAD_AFTER_MS = 50 * 60_000;
const PRUNE_EVERY_MS = 10 * 60_000;
const RETRY_MS = 30_000;

type Synced = { columns: EditColumns; horizon: string; at: number; version: string | undefined };

export class EditIndex {
  private state?: Synced;
  private loading?: Promise<void>;
  private syncing?: Promise<Synced | undefined>;
  private failedAt = 0;
  private prunedAt = 0;

  // Whether the columns are loaded (a sync may still be due).
  get loaded(): boolean {
    return this.state !== undefined;
  }

  // changes: the change feed's version of GalleryChange, undefined while it cannot tell.
  constructor(
    private readonly pool: () => pg.Pool,
    private readonly changes: () => Promise<string | undefined> = () => changeVersion(["GalleryChange"]),
    private readonly blockBits?: number,
  ) {}

  // The columns as current as the database, or undefined while they load (the caller then
  // reads PostgreSQL). The first call starts the load.
  async current(): Promise<EditColumns | undefined> {
    if (!this.state) {
      this.start();
      return undefined;
    }
    const version = await this.changes();
    if (version !== undefined && version === this.state.version && Date.now() - this.state.at < RELOAD_AFTER_MS)
      return this.state.columns;
    this.syncing ??= this.sync(version).finally(() => (this.syncing = undefined));
    return (await this.syncing)?.columns;
  }

  // Loads the columns; resolves when they are (or the load failed).
  start(): Promise<void> {
    if (this.loading) return this.loading;
    if (Date.now() - this.failedAt < RETRY_MS) return Promise.resolve();
    this.loading = this.load()
      .catch((error: Error) => {
        this.failedAt = Date.now();
        console.error(`gallery index: cannot load (${error.message}); pages and counts are read from PostgreSQL`);
      })
      .finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async load(): Promise<void> {
    // Taken first: a change committed during the load is read again by the next sync.
    const version = await this.changes();
    this.state = await inTransaction(this.pool(), async (client) => {
      await client.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      await client.query("SET LOCAL statement_timeout = 0");
      const horizon = (await client.query<{ horizon: string }>(`SELECT ${HORIZON} AS horizon`)).rows[0]!.horizon;
      const columns = new EditColumns([], this.blockBits);
      // In batches by id: the whole release as row objects at once would take gigabytes.
      for (let after = 0; ;) {
        const { rows } = await client.query<IndexedEdit>(
          `SELECT ${COLUMNS} ${FROM} WHERE e."id" > $1 ORDER BY e."id" LIMIT ${LOAD_BATCH}`,
          [after],
        );
        for (const row of rows) columns.put(row);
        if (rows.length < LOAD_BATCH) break;
        after = rows[rows.length - 1]!.id;
      }
      return { columns, horizon, at: Date.now(), version };
    });
    this.state.columns.indexWords();
  }

  private async sync(version: string | undefined): Promise<Synced | undefined> {
    const state = this.state;
    if (!state) return undefined;
    if (Date.now() - state.at >= RELOAD_AFTER_MS) return this.reload();
    try {
      const { rows } = await this.pool().query<
        Partial<IndexedEdit> & { horizon: string; logged: boolean | null; changedId: number | null }
      >(
        `WITH changed AS (SELECT DISTINCT "editId" FROM "GalleryChange" WHERE "xid" >= $1)
         SELECT h."horizon", c."editId" AS "changedId", c."logged", ${COLUMNS}
         FROM (SELECT ${HORIZON} AS "horizon") h
         LEFT JOIN (SELECT "editId", TRUE AS logged FROM changed) c ON TRUE
         LEFT JOIN "Edit" e ON e."id" = c."editId"
         LEFT JOIN "TaskSearch" s ON s."taskId" = e."taskId"`,
        [state.horizon],
      );
      if (rows.some((row) => row.logged && row.changedId === null)) return this.reload();
      for (const row of rows) {
        if (row.changedId === null) continue;
        if (row.id === null || row.id === undefined) state.columns.remove(row.changedId);
        else state.columns.put(row as IndexedEdit);
      }
      this.state = { columns: state.columns, horizon: rows[0]!.horizon, at: Date.now(), version };
      this.prune();
      return this.state;
    } catch (error) {
      console.error(`gallery index: cannot read the changes (${(error as Error).message}); loading again`);
      return this.reload();
    }
  }

  private reload(): undefined {
    this.state = undefined;
    this.start();
    return undefined;
  }

  private prune() {
    if (Date.now() - this.prunedAt < PRUNE_EVERY_MS) return;
    this.prunedAt = Date.now();
    pruneChanges(this.pool());
  }
}

// The log's old rows, now and then, never in the way of a read: by the index after its reads,
// and by the gallery's reads when the index is off, so that the log stays small either way.
function pruneChanges(pool: pg.Pool) {
  pool
    .query(`DELETE FROM "GalleryChange" WHERE "createdAt" < now() - make_interval(secs => $1)`, [KEEP_MS / 1000])
    .catch((error: Error) => console.error(`gallery index: cannot prune the change log (${error.message})`));
}

// One index per process, kept on globalThis as lib/db.ts keeps its client.
const globalForIndex = globalThis as unknown as { editIndex?: EditIndex; prunedAt?: number };

// The app's gallery columns when GALLERY_INDEX is on and they are loaded and current.
export async function galleryColumns(): Promise<EditColumns | undefined> {
  if (!env().GALLERY_INDEX) {
    if (Date.now() - (globalForIndex.prunedAt ?? 0) >= PRUNE_EVERY_MS) {
      globalForIndex.prunedAt = Date.now();
      pruneChanges(pgPool());
    }
    return undefined;
  }
  return (globalForIndex.editIndex ??= new EditIndex(pgPool)).current();
}

// Loads this process's index now rather than on the first gallery request; resolves when it
// is loaded (or its load failed, which is logged).
export async function loadGalleryIndex(): Promise<void> {
  if (env().GALLERY_INDEX) await (globalForIndex.editIndex ??= new EditIndex(pgPool)).start();
}

// Whether this process answers the gallery from its index: "loading" until the first load
// (and a reload) is done. Sent with the gallery's API responses as X-Gallery-Index, so that a
// benchmark can wait for it.
export function galleryIndexState(): "off" | "loading" | "ready" {
  if (!env().GALLERY_INDEX) return "off";
  return globalForIndex.editIndex?.loaded ? "ready" : "loading";
}
