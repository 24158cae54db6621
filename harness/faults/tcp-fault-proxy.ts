// A TCP proxy between implementations and CouchDB that makes outages on purpose: cut every connection and
// refuse new ones, cut only the changes feeds, or stall everything or only the feeds (a feed that goes
// silent, no heartbeat, yet stays open).

import { once } from 'node:events';
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A request line for a changes feed (`GET /db/_changes?feed=continuous HTTP/1.1`), anywhere in a chunk. */
const FEED_REQUEST_LINE = /^[A-Z]+ [^ \r\n]*\/_changes[^ \r\n]* HTTP\/1\.[01]\r?$/m;
/** The unfinished last line of a chunk kept for the next one: a request line split across two chunks. */
const CARRY_MAX = 4096;

interface Connection {
  readonly client: Socket;
  readonly upstream: Socket;
  /** Carried a `_changes` request (keep-alive connections carry several: any one tags it). */
  feed: boolean;
}

export class TcpFaultProxy {
  readonly #connections = new Set<Connection>();
  #server: Server | undefined;
  #cut = false;
  #stalled = false;
  #feedsStalled = false;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  /** Listens on `host` (default loopback) and `port` (default 0: any free port); resolves with the port taken,
   *  rejects with the listen error (EADDRINUSE, EADDRNOTAVAIL…). */
  async start({ host = '127.0.0.1', port = 0 }: { host?: string; port?: number } = {}): Promise<{ host: string; port: number }> {
    const server = createServer((client) => this.#accept(client));
    this.#server = server;
    server.listen(port, host);
    await once(server, 'listening');
    return { host, port: (server.address() as AddressInfo).port };
  }

  /** Drops every open connection and refuses new ones until `restore()`. */
  cut(): void {
    this.#cut = true;
    for (const connection of this.#connections) this.#destroy(connection);
  }

  restore(): void {
    this.#cut = false;
  }

  /** Drops only the connections that carried a `_changes` request; document reads and writes go on.
   *  Returns how many it dropped. New feeds are let through (the implementation reconnects). */
  cutFeeds(): number {
    let count = 0;
    for (const connection of this.#connections) {
      if (!connection.feed) continue;
      this.#destroy(connection);
      count += 1;
    }
    return count;
  }

  /** Forwards nothing, either way, on any connection (new ones included) until `unstall()`; nothing is closed,
   *  so the implementation sees silence, not an error. */
  stall(): void {
    this.#stalled = true;
    this.#holdOrRelease();
  }

  /** Lets everything held since `stall()` through (feeds stay held after `stallFeeds()`). */
  unstall(): void {
    this.#stalled = false;
    this.#holdOrRelease();
  }

  /** Like `stall()` for the `_changes` connections only, those opened meanwhile included (held from the
   *  chunk that tags them: the request reaches CouchDB, its answer does not come back). */
  stallFeeds(): void {
    this.#feedsStalled = true;
    this.#holdOrRelease();
  }

  unstallFeeds(): void {
    this.#feedsStalled = false;
    this.#holdOrRelease();
  }

  get stalled(): boolean {
    return this.#stalled;
  }

  get openConnections(): number {
    return this.#connections.size;
  }

  /** Open connections that carried a `_changes` request. */
  get openFeeds(): number {
    return [...this.#connections].filter((c) => c.feed).length;
  }

  async stop(): Promise<void> {
    this.cut();
    const server = this.#server;
    if (server === undefined) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #accept(client: Socket): void {
    if (this.#cut) {
      client.destroy();
      return;
    }
    const upstream = createConnection(this.targetPort, this.targetHost);
    const connection: Connection = { client, upstream, feed: false };
    this.#connections.add(connection);
    for (const socket of [client, upstream]) {
      socket.on('close', () => {
        this.#connections.delete(connection);
        this.#destroy(connection);
      });
      socket.on('error', () => this.#destroy(connection));
    }
    let carry = '';
    // Registered before the forwarding: a feed is held before its answer can come back.
    client.on('data', (chunk: Buffer) => {
      if (connection.feed) return;
      // latin1: one char per byte, never throws on a body cut mid-character.
      const text = carry + chunk.toString('latin1');
      connection.feed = FEED_REQUEST_LINE.test(text);
      carry = text.slice(text.lastIndexOf('\n') + 1).slice(-CARRY_MAX);
      if (connection.feed && this.#held(connection)) this.#hold(connection);
    });
    this.#forward(connection, client, upstream);
    this.#forward(connection, upstream, client);
    if (this.#held(connection)) this.#hold(connection);
  }

  /** A pipe by hand: `pause()` must hold a socket while stalled, and a pipe resumes it on its own on drain. */
  #forward(connection: Connection, from: Socket, to: Socket): void {
    from.on('data', (chunk: Buffer) => {
      if (!to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (!this.#held(connection)) from.resume();
    });
    from.on('end', () => to.end());
  }

  #held(connection: Connection): boolean {
    return this.#stalled || (this.#feedsStalled && connection.feed);
  }

  #holdOrRelease(): void {
    for (const connection of this.#connections) {
      if (this.#held(connection)) this.#hold(connection);
      else this.#release(connection);
    }
  }

  #hold({ client, upstream }: Connection): void {
    client.pause();
    upstream.pause();
  }

  #release({ client, upstream }: Connection): void {
    if (!upstream.writableNeedDrain) client.resume();
    if (!client.writableNeedDrain) upstream.resume();
  }

  #destroy({ client, upstream }: Connection): void {
    client.destroy();
    upstream.destroy();
  }
}
