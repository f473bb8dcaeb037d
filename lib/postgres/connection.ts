import pg from "pg";

// One-line descriptions of why a database did not answer, for people rather than logs.
const REASONS: Record<string, string> = {
  ECONNREFUSED: "connection refused (is PostgreSQL running there?)",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  ETIMEDOUT: "timed out",
  ECONNRESET: "connection reset",
  "28P01": "password authentication failed",
  "28000": "authentication rejected",
};

export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseUnreachableError";
  }
}

export function describeAddress(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname || "localhost"}:${parsed.port || "5432"}`;
}

function reasonOf(error: unknown): string {
  const err = error as { code?: string; message?: string; errors?: unknown[] };
  // Node reports a refused dual-stack connect as an AggregateError without a code of its own.
  const code = err.code ?? (err.errors?.[0] as { code?: string } | undefined)?.code;
  return (code && REASONS[code]) ?? err.message ?? String(error);
}

// Resolves when the server answers; a missing database is created. Throws
// DatabaseUnreachableError with one line naming host and port otherwise.
export async function ensureDatabase(url: string, label = "DATABASE_URL"): Promise<void> {
  const where = `PostgreSQL at ${describeAddress(url)} (${label})`;
  try {
    await withClient(url, () => undefined);
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000")
      throw new DatabaseUnreachableError(`Cannot reach ${where}: ${reasonOf(error)}`);
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const server = new URL(url);
    server.pathname = "/postgres";
    try {
      await withClient(server.toString(), (client) => client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`));
    } catch (createError) {
      throw new DatabaseUnreachableError(`Cannot create database "${name}" on ${where}: ${reasonOf(createError)}`);
    }
  }
}

export async function isAnswering(url: string): Promise<boolean> {
  try {
    await withClient(url, () => undefined);
    return true;
  } catch {
    return false;
  }
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T> | T): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// Runs fn in one transaction on a connection of the pool: committed when fn returns,
// rolled back when it throws.
export async function inTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const result = await fn(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
