import type pg from "pg";

// The transaction of a curation write from the app (a review, an undo, a bulk verdict, a
// claim). Its triggers send no change notification (pico.defer_notify, migration
// deferred_change_notifications): it sends them once it has committed, in a transaction
// of its own that does not wait for the WAL flush. NOTIFY holds a lock across its
// transaction's commit that every other notifying transaction waits for; sent from the
// review's own transaction, it made 20 annotators' reviews commit one at a time.

// Every table a curation write can change that cached figures are read from.
const CHANGED = ["Review", "PreferencePair", "PairChange", "EditFacetCount"];
const NOTIFY = `BEGIN; SET LOCAL synchronous_commit = off;
  SELECT pg_notify('pico_changes', t) FROM unnest(ARRAY[${CHANGED.map((t) => `'${t}'`).join(", ")}]) t; COMMIT`;

// PostgreSQL's codes for a transaction it chose to end so that others could go on: run
// again, it finds the rows as they are now.
const RETRIED = new Set(["40P01", "40001"]);
const ATTEMPTS = 3;

// A claim is not data: lost in a crash, its edits only go back to the queue sooner. It
// commits without waiting for the WAL flush, and changes no table figures are cached from.
export type TransactionKind = "write" | "claim";

export async function curationTransaction<T>(
  pool: pg.Pool,
  write: (client: pg.PoolClient) => Promise<T>,
  kind: TransactionKind = "write",
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(pool, write, kind);
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRIED.has((error as { code?: string }).code ?? "")) throw error;
    }
  }
}

async function once<T>(pool: pg.Pool, write: (client: pg.PoolClient) => Promise<T>, kind: TransactionKind): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(
      kind === "claim" ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN; SET LOCAL pico.defer_notify = 'on'",
    );
    let result: T;
    try {
      result = await write(client);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    }
    if (kind === "claim") return result;
    // The write stands whatever happens here: a notification that fails leaves figures
    // cached until the next change, which is said, not thrown.
    await client.query(NOTIFY).catch((error: Error) => {
      client.query("ROLLBACK").catch(() => undefined);
      console.error(`change notification after a curation write failed: ${error.message}`);
    });
    return result;
  } finally {
    client.release();
  }
}
