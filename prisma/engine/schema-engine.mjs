#!/usr/bin/env node
// Prisma's schema engine as WebAssembly, behind the stdio interface of the native binary.
//
// Prisma 7's CLI downloads a native `schema-engine` for generate/migrate/db commands.
// Where that download is unreachable (these machines reach only the npm registry) every
// such command dies. The same engine ships on npm compiled to WebAssembly; this file runs
// it over the `pg` driver adapter and speaks the CLI's protocol (JSON-RPC, one message a
// line on stdin/stdout), so prisma.config.ts can point PRISMA_SCHEMA_ENGINE_BINARY here
// on every machine, online or not.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const args = parseArgs(process.argv.slice(2));
const mainUrl = args.datasource.url ?? process.env.DATABASE_URL;

function parseArgs(argv) {
  const out = { version: false, datamodels: [], datasource: {}, cliCommand: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "-V") out.version = true;
    else if (arg === "--datamodels") out.datamodels.push(argv[++i]);
    else if (arg === "--datasource") out.datasource = JSON.parse(argv[++i]);
    else if (arg === "--enabled-preview-features" || arg === "--extension-types") i++;
    else if (arg === "cli") out.cliCommand = argv[++i];
  }
  return out;
}

// The CLI reads the engine's stderr as JSON log lines.
function logError(errorCode, message) {
  const fields = { message, error_code: errorCode };
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level: "ERROR", target: "schema_engine::logger", fields })}\n`,
  );
}

// pg lets a `connectionString` override an explicit `database`, so a shadow database
// opened as {connectionString, database: shadow} would silently be the main one.
// Always hand pg separate fields.
function connectionFields(url) {
  const { parse } = require("pg-connection-string");
  const parsed = parse(url);
  const fields = {
    host: parsed.host ?? undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    user: parsed.user ?? undefined,
    password: parsed.password ?? undefined,
    database: parsed.database ?? undefined,
  };
  if (parsed.ssl) fields.ssl = parsed.ssl;
  const schema = new URL(url).searchParams.get("schema") ?? undefined;
  return { fields, schema };
}

function quoteIdent(name) {
  return `"${String(name).replace(/"/g, '""')}"`;
}

async function withServerClient(url, fn) {
  const pg = require("pg");
  const { fields } = connectionFields(url);
  const client = new pg.Client({ ...fields, database: "postgres" });
  await client.connect();
  try {
    return await fn(client, fields.database);
  } finally {
    await client.end();
  }
}

async function createDatabaseIfMissing(url) {
  return withServerClient(url, async (client, name) => {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    return { databaseName: name };
  });
}

// `schema-engine cli <command>`: one-shot commands. The CLI discards the first stderr
// line of these, so an info line goes first.
async function runCliCommand(command) {
  process.stderr.write(
    `${JSON.stringify({ level: "INFO", target: "schema_engine::logger", fields: { message: `cli ${command}` } })}\n`,
  );
  const pg = require("pg");
  try {
    if (command === "can-connect-to-database") {
      const client = new pg.Client(connectionFields(mainUrl).fields);
      await client.connect();
      await client.end();
    } else if (command === "create-database") {
      await createDatabaseIfMissing(mainUrl);
    } else if (command === "drop-database") {
      await withServerClient(mainUrl, (client, name) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`));
    } else {
      logError("P1000", `schema-engine (wasm): unsupported cli command "${command}"`);
      return 1;
    }
    return 0;
  } catch (error) {
    const byPgCode = { "3D000": "P1003", "28P01": "P1000", 28000: "P1000" };
    logError(byPgCode[error.code] ?? "P1001", error.message);
    return 1;
  }
}

// @prisma/adapter-pg cannot decode some pg_catalog column types the engine reads while
// describing a schema: the one-byte "char" (OID 18: relkind, contype, ...) and a few
// internal ones. Teach this process's adapter to hand them over as text, and "char"
// as the Character column type the engine expects.
//
// The adapter also runs a script by splitting it on every ";", which breaks dollar-quoted
// function bodies and runs a migration statement by statement. Send a script as one
// simple query instead, as the native engine does: Postgres runs it in one implicit
// transaction, so a failing migration leaves nothing half-applied.
async function patchAdapter(PrismaPg) {
  const probe = await new PrismaPg({ host: "127.0.0.1" }).connect(); // lazy pool: no I/O
  const adapter = Object.getPrototypeOf(probe);
  const queryable = Object.getPrototypeOf(adapter);
  await probe.dispose();
  adapter.executeScript = async function (script) {
    try {
      await this.client.query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  const CHAR_OID = 18;
  const TEXT_OID = 25;
  const CHARACTER_COLUMN = 6;
  const undecodable = new Set([
    22, 24, 27, 28, 29, 30, 194, 1033, 2202, 2203, 2204, 2205, 2206, 3734, 3769, 4089, 4096,
  ]);
  const charColumns = new WeakMap();
  const { performIO, queryRaw } = queryable;
  queryable.performIO = async function (query) {
    const result = await performIO.call(this, query);
    const chars = [];
    result.fields?.forEach((field, index) => {
      if (field.dataTypeID === CHAR_OID) chars.push(index);
      if (field.dataTypeID === CHAR_OID || undecodable.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
    });
    if (chars.length && result.rows) charColumns.set(result.rows, chars);
    return result;
  };
  queryable.queryRaw = async function (query) {
    const result = await queryRaw.call(this, query);
    for (const index of charColumns.get(result.rows) ?? []) result.columnTypes[index] = CHARACTER_COLUMN;
    return result;
  };
}

// The wasm engine cannot open a shadow database itself: the adapter factory does. An
// error thrown there reaches the CLI wrapped without its message, so it is kept here
// and added to the engine's answer.
let shadowError = null;
function installShadowDatabase(factory, PrismaPg, shadowUrl) {
  if (shadowUrl) {
    // A user-given shadow database (needed for PGlite, which has one database per
    // instance): empty it first, as the native engine does.
    const shadow = connectionFields(shadowUrl);
    factory.connectToShadowDb = async () => {
      const conn = await new PrismaPg(shadow.fields, shadow.schema ? { schema: shadow.schema } : undefined).connect();
      const schemas = await conn.queryRaw({
        sql: "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('pg_catalog', 'information_schema') AND nspname NOT LIKE 'pg\\_%'",
        args: [],
        argTypes: [],
      });
      const drops = schemas.rows.map(([name]) => `DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE;`);
      await conn.executeScript(
        `${drops.join("\n")}\nCREATE SCHEMA IF NOT EXISTS ${quoteIdent(shadow.schema ?? "public")};`,
      );
      return conn;
    };
    return;
  }
  // A temporary database on the main server. The adapter's own version drops it while
  // its pool is still connected, which Postgres refuses; close first, then drop.
  const main = connectionFields(mainUrl);
  factory.connectToShadowDb = async () => {
    const admin = await factory.connect();
    const name = `prisma_migrate_shadow_db_${globalThis.crypto.randomUUID()}`;
    await admin.executeScript(`CREATE DATABASE ${quoteIdent(name)}`);
    const conn = await new PrismaPg({ ...main.fields, database: name }).connect();
    const dropShadow = async () => {
      await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`);
      await admin.dispose();
    };
    // A server that ignores the database name (PGlite behind a socket) would hand us
    // the main database as "shadow", and the engine would wipe it. Refuse.
    const current = await conn.queryRaw({ sql: "SELECT current_database()", args: [], argTypes: [] });
    if (current.rows[0]?.[0] !== name) {
      await conn.dispose();
      await dropShadow().catch(() => {});
      throw (shadowError = new Error(
        `The server at ${main.fields.host}:${main.fields.port ?? 5432} ignored the shadow database name; it is probably PGlite. ` +
          "Set SHADOW_DATABASE_URL to a separate, disposable database.",
      ));
    }
    const close = conn.dispose.bind(conn);
    conn.dispose = async () => {
      await close();
      await dropShadow();
    };
    return conn;
  };
}

async function startEngine() {
  const { PrismaPg } = require("@prisma/adapter-pg");
  const { bindMigrationAwareSqlAdapterFactory } = require("@prisma/driver-adapter-utils");

  // Rust panics inside the wasm leave their message here before the trap.
  globalThis.PRISMA_WASM_PANIC_REGISTRY = {
    message: "",
    set_message(message) {
      this.message = `RuntimeError: ${message}`;
    },
  };
  const glue = await import(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
  const instance = new WebAssembly.Instance(compatibleWasm(glue), { "./schema_engine_bg.js": glue });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();

  await patchAdapter(PrismaPg);
  const main = connectionFields(mainUrl);
  const factory = new PrismaPg(main.fields, main.schema ? { schema: main.schema } : undefined);
  installShadowDatabase(factory, PrismaPg, args.datasource.shadowDatabaseUrl);
  const datamodels = args.datamodels.map((file) => [file, fs.readFileSync(file, "utf8")]);
  const debug = (message) => {
    if (process.env.SCHEMA_ENGINE_DEBUG) process.stderr.write(`[schema-engine] ${message}\n`);
  };
  return glue.SchemaEngine.new(
    { datamodels: datamodels.length ? datamodels : undefined },
    debug,
    bindMigrationAwareSqlAdapterFactory(factory),
  );
}

// Prefer the wasm inside the installed CLI (built from the CLI's own engine commit),
// else the one in @prisma/schema-engine-wasm; take the first whose imports the glue has.
function compatibleWasm(glue) {
  const candidates = [
    path.join(path.dirname(require.resolve("prisma/package.json")), "build", "schema_engine_bg.wasm"),
    path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm"),
  ];
  for (const file of candidates.filter((candidate) => fs.existsSync(candidate))) {
    const wasm = new WebAssembly.Module(fs.readFileSync(file));
    if (WebAssembly.Module.imports(wasm).every((entry) => typeof glue[entry.name] === "function")) return wasm;
  }
  throw new Error("No schema_engine_bg.wasm matches the installed @prisma/schema-engine-wasm: reinstall with npm ci");
}

async function serveJsonRpc() {
  process.on("uncaughtException", (error) => {
    logError(
      "P1000",
      `schema-engine (wasm) crashed: ${globalThis.PRISMA_WASM_PANIC_REGISTRY?.message ?? ""}\n${error?.stack ?? error}`,
    );
    process.exit(1);
  });
  const engine = await startEngine();
  const send = (message) => process.stdout.write(`${JSON.stringify({ jsonrpc: "2.0", ...message })}\n`);
  let printed = 0;

  async function call(method, params) {
    if (method === "getDatabaseVersion") return engine.version(params);
    if (method === "createDatabase") return createDatabaseIfMissing(mainUrl);
    if (method === "diff") {
      // The native engine prints a diff by sending the CLI a "print" request.
      const { stdout, ...rest } = await engine.diff(params);
      if (stdout) send({ id: `print-${++printed}`, method: "print", params: { content: stdout.replace(/\n$/, "") } });
      return rest;
    }
    if (method === "createMigration" || method === "evaluateDataLoss") {
      // These read the shadow schema from a cache that devDiagnostic fills; on a cold
      // cache they fail asking for an external shadow factory. Warm it and retry.
      try {
        return await engine[method](params);
      } catch (error) {
        if (!/shadow DB must be provided through an external factory/.test(String(error?.message))) throw error;
        await engine.devDiagnostic({ migrationsList: params.migrationsList, filters: params.filters });
        return engine[method](params);
      }
    }
    if (typeof engine[method] !== "function") throw new Error(`schema-engine (wasm): unknown method ${method}`);
    return engine[method](params);
  }

  function errorData(error) {
    const registry = globalThis.PRISMA_WASM_PANIC_REGISTRY;
    const parts = [shadowError?.message, registry.message, error?.message ?? String(error)];
    if (error?.cause) parts.push(error.cause.message ?? JSON.stringify(error.cause));
    const isPanic = !("code" in (error ?? {})) && /panicked|RuntimeError|unreachable/i.test(String(error?.message));
    registry.message = "";
    shadowError = null;
    return {
      is_panic: isPanic,
      message: parts.filter(Boolean).join("\n"),
      error_code: error?.code,
      meta: error?.meta ?? null,
    };
  }

  // Requests are answered one at a time, in order, as the native engine does.
  let queue = Promise.resolve();
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      return;
    }
    if (request.method === undefined) return; // the CLI's answer to one of our print requests
    queue = queue.then(async () => {
      try {
        const result = await call(request.method, request.params);
        send({ id: request.id, result: result ?? null });
      } catch (error) {
        send({
          id: request.id,
          error: {
            code: 4466,
            message: "An error happened. Check the data field for details.",
            data: errorData(error),
          },
        });
      }
    });
  });
  lines.on("close", () => queue.then(() => process.exit(0)));
}

if (args.version) {
  process.stdout.write(`schema-engine-cli ${require("@prisma/engines-version").enginesVersion} (wasm)\n`);
  process.exit(0);
}
if (!mainUrl) {
  logError("P1012", "No datasource URL: set DATABASE_URL or datasource.url in prisma.config.ts");
  process.exit(1);
}
if (args.cliCommand) process.exit(await runCliCommand(args.cliCommand));
await serveJsonRpc();
