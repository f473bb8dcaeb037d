import type { Server } from "node:http";
import net from "node:net";

// Connections spread over the web processes of scripts/serve.ts by the primary, each to
// the process that holds the fewest. Node's cluster hands a connection to whichever
// process is first free to take it: 32 clients connecting at once ended 28 on one process
// and 4 on the other, and since a connection is kept alive, the 28 waited in one process's
// queue for as long as they ran (docs/performance.md, "Session 15").

// A process as the primary sees it: cluster's Worker, or any child with an IPC channel.
export type ConnectionTaker = {
  send(message: "connection", socket: net.Socket, callback: (error: Error | null) => void): unknown;
};

export type Balancer = {
  // A process that now serves: the first one starts the listening.
  serving(id: number, taker: ConnectionTaker): void;
  // One of the process's connections closed (its "closed" message).
  closed(id: number): void;
  // The process is gone: it gets no more connections.
  exited(id: number): void;
  close(): Promise<void>;
};

export function connectionBalancer(port: number, onError: (error: Error) => void): Balancer {
  const takers = new Map<number, { taker: ConnectionTaker; open: number }>();
  // Connections that came while no process served: handed to the next that does.
  const pending: net.Socket[] = [];
  const hand = (socket: net.Socket) => {
    let chosen: { taker: ConnectionTaker; open: number } | undefined;
    for (const entry of takers.values()) if (!chosen || entry.open < chosen.open) chosen = entry;
    if (!chosen) return void pending.push(socket);
    chosen.open++;
    chosen.taker.send("connection", socket, (error) => {
      if (error) socket.destroy();
    });
  };
  // noDelay as http.createServer sets it on what it accepts: a page streamed in several
  // writes otherwise waited on Nagle's algorithm and the client's delayed ACK, 40 ms a page.
  const server = net.createServer({ pauseOnConnect: true, noDelay: true }, hand);
  server.on("error", onError);
  return {
    serving(id, taker) {
      takers.set(id, { taker, open: 0 });
      if (!server.listening) server.listen(port);
      for (const socket of pending.splice(0)) hand(socket);
    },
    closed(id) {
      const entry = takers.get(id);
      if (entry) entry.open--;
    },
    exited: (id) => void takers.delete(id),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// The process's side: takes the connections the primary hands it into an HTTP server that
// does not listen itself, and tells the primary when each closes.
export function takeConnections(server: Server) {
  // "listening" as listen() would emit it: it starts the server's checks of its connections'
  // headersTimeout and requestTimeout.
  server.emit("listening");
  process.on("message", (message, socket) => {
    if (message !== "connection" || !(socket instanceof net.Socket)) return;
    socket.setNoDelay(true);
    socket.once("close", () => process.send?.("closed"));
    server.emit("connection", socket);
    socket.resume();
  });
}
