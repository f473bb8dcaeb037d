import net from "node:net";

import type { PGlite } from "@electric-sql/pglite";

// Serves one PGlite database over PostgreSQL's wire protocol to many connections.
// PGlite is a single PostgreSQL session, so connections take turns at it: a connection
// holds the session from its first message until the backend says ReadyForQuery with
// no transaction open. An extended-protocol exchange (Parse, Bind, Execute ... Sync), a
// COPY and a transaction therefore run whole, never interleaved with another's.
//
// We serve it ourselves because @electric-sql/pglite-socket 0.2.17 takes turns per
// message, which lets one connection's Parse replace another's unnamed statement
// between its Parse and its Bind (electric-sql/pglite issue #1046).

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const TERMINATE = "X".charCodeAt(0);
const READY_FOR_QUERY = "Z".charCodeAt(0);
const IDLE = "I".charCodeAt(0);
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);
// PostgreSQL's own limit (MAX_STARTUP_PACKET_LENGTH).
const MAX_STARTUP_LENGTH = 10_000;

export type SessionServer = { port: number; close: () => Promise<void> };

// The ErrorResponse a server sends before closing a connection it will not serve.
function fatal(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const header = Buffer.alloc(5);
  header.write("E");
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}

// Follows the backend's messages across the chunks of one reply, to tell whether the
// reply ended with ReadyForQuery and the session idle (no transaction open).
class ReplyWatcher {
  private header: number[] = [];
  // Bytes of the current message's body still to come.
  private left = 0;
  private type = 0;
  private status = 0;

  see(data: Uint8Array) {
    let i = 0;
    while (i < data.length) {
      if (this.left === 0) {
        this.header.push(data[i++]!);
        if (this.header.length < 5) continue;
        this.type = this.header[0]!;
        this.left = Buffer.from(this.header).readInt32BE(1) - 4;
        this.header = [];
        this.status = 0;
      } else {
        const n = Math.min(this.left, data.length - i);
        // ReadyForQuery's body is one byte: the transaction status.
        this.status = data[i + n - 1]!;
        i += n;
        this.left -= n;
      }
    }
  }

  get idle(): boolean {
    return this.header.length === 0 && this.left === 0 && this.type === READY_FOR_QUERY && this.status === IDLE;
  }
}

class Session {
  private owner: Connection | null = null;
  private waiting: (() => void)[] = [];

  constructor(private readonly db: PGlite) {}

  async send(connection: Connection, message: Uint8Array): Promise<void> {
    while (this.owner && this.owner !== connection) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.owner = connection;
    const reply = new ReplyWatcher();
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(message, {
        onRawData: (data) => {
          reply.see(data);
          connection.write(data);
        },
      }),
    );
    if (reply.idle) this.release(connection);
  }

  // A connection that went away mid-exchange or mid-transaction leaves the session clean.
  async leave(connection: Connection): Promise<void> {
    if (this.owner !== connection) return;
    try {
      await this.db.runExclusive(() => this.db.execProtocolRaw(SYNC));
      if (this.db.isInTransaction()) await this.db.exec("ROLLBACK");
    } finally {
      this.release(connection);
    }
  }

  private release(connection: Connection) {
    if (this.owner !== connection) return;
    this.owner = null;
    for (const wake of this.waiting.splice(0)) wake();
  }
}

class Connection {
  private buffer = Buffer.alloc(0);
  private started = false;
  private closed = false;
  // The connection's messages, handled one after another.
  private work = Promise.resolve();

  constructor(
    private readonly socket: net.Socket,
    private readonly session: Session,
  ) {
    socket.setNoDelay(true);
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      this.closed = true;
      this.queue(() => this.session.leave(this));
    });
  }

  write(data: Uint8Array) {
    if (!this.closed && this.socket.writable) this.socket.write(data);
  }

  private queue(step: () => Promise<void>) {
    this.work = this.work.then(step).catch((error: unknown) => {
      if (!this.closed) console.error("embedded database: dropping a connection:", error);
      this.socket.destroy();
    });
  }

  private receive(chunk: Buffer) {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      // Before startup a message is its length and a code; after it, a type byte first.
      const header = this.started ? 5 : 8;
      if (this.buffer.length < header) return;
      const length = this.started ? 1 + this.buffer.readInt32BE(1) : this.buffer.readInt32BE(0);
      // A length shorter than its own header, or a first message longer than PostgreSQL
      // accepts of one, is not its protocol: hang up.
      if (length < header || (!this.started && length > MAX_STARTUP_LENGTH)) {
        this.socket.destroy();
        return;
      }
      if (this.buffer.length < length) return;
      const message = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      if (this.started) this.handle(message);
      else this.handleFirst(message);
    }
  }

  private handleFirst(message: Buffer) {
    const code = message.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      this.socket.write("N");
    } else if (code === CANCEL_REQUEST) {
      this.socket.end();
    } else {
      this.started = true;
      this.queue(() => this.send(message));
    }
  }

  private handle(message: Buffer) {
    if (message.readUInt8(0) === TERMINATE) this.socket.end();
    else this.queue(() => this.send(message));
  }

  private async send(message: Buffer) {
    if (!this.closed) await this.session.send(this, message);
  }
}

export async function serveSession(db: PGlite, options: { host: string; port: number; maxConnections: number }): Promise<SessionServer> {
  const session = new Session(db);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const refused = sockets.size >= options.maxConnections;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    if (refused) socket.write(fatal("53300", `too many connections to the embedded database (at most ${options.maxConnections})`), () => socket.destroy());
    else new Connection(socket, session);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
