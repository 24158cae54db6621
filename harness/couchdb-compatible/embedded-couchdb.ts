// A CouchDB-compatible server in memory (CouchDB 3's HTTP API, as this folder's README.md lists it, served by
// the front router over PouchDB's memory adapter), in the manner of a testcontainers module. withDataDir() keeps
// the databases on disk instead, so that a server started again on the same dir carries on where it was.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidOptionError, StartupError } from '../errors.js';
import type { AdminCredentials } from './basic-auth.js';
import { CouchCounters } from './couch-counters.js';
import { DbRegistry } from './db-registry.js';
import { FeedTracker } from './feed-tracker.js';
import { createFrontRouter } from './front-router.js';
import { storedDatabaseNames } from './leveldb-storage.js';
import { createIsolatedPouch } from './pouch-factory.js';
import { RequestStats } from './request-stats.js';

export const DEFAULT_HOST = '127.0.0.1';

export interface StartedEmbeddedCouchDb {
  /** e.g. http://127.0.0.1:54321: no trailing slash, no credentials. */
  getUrl(): string;
  /** getUrl() with `user:password@` when an admin is set (percent-encoded, as nano decodes it). */
  getAuthenticatedUrl(): string;
  getPort(): number;
  /** Ends every feed and connection; resolves once the port is released and the databases are closed. */
  stop(): Promise<void>;
}

export class EmbeddedCouchDb {
  private port = 0;
  private host = DEFAULT_HOST;
  private admin: AdminCredentials | undefined;
  private dataDir: string | undefined;

  withPort(port: number): this {
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new InvalidOptionError('port', port, 'an integer from 0 to 65535');
    }
    this.port = port;
    return this;
  }

  withHost(host: string): this {
    if (host.trim() === '') throw new InvalidOptionError('host', host, 'a host name or address');
    this.host = host;
    return this;
  }

  withAdmin(user: string, password: string): this {
    if (user === '' || user.includes(':')) throw new InvalidOptionError('admin user', user, 'a non-empty name without ":"');
    if (password === '') throw new InvalidOptionError('admin password', password, 'a non-empty password');
    this.admin = { user, password };
    return this;
  }

  /** Keeps every database on disk under `dir` (created if missing), and opens the ones found there. */
  withDataDir(dir: string): this {
    if (dir.trim() === '') throw new InvalidOptionError('data dir', dir, 'a directory path');
    this.dataDir = dir;
    return this;
  }

  async start(): Promise<StartedEmbeddedCouchDb> {
    const Pouch = createIsolatedPouch({ dataDir: this.dataDir });
    const registry = new DbRegistry(Pouch);
    if (this.dataDir !== undefined) await openStored(registry, this.dataDir);
    const tracker = new FeedTracker();
    const handler = createFrontRouter({ registry, stats: new RequestStats(), counters: new CouchCounters(), tracker, admin: this.admin });
    const server = createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => {
        reject(new StartupError(`embedded CouchDB could not listen on ${this.host}:${this.port}: ${err.message}`, { cause: err }));
      });
      server.listen(this.port, this.host, () => resolve());
    }).catch(async (err: unknown) => {
      await release(registry, this.dataDir);
      throw err;
    });
    return new StartedEmbeddedCouchDbServer(server, this.host, this.admin, registry, tracker, this.dataDir);
  }
}

/** Opens the databases a previous server left in `dataDir`; a LOCK held by a live server is a StartupError. */
async function openStored(registry: DbRegistry, dataDir: string): Promise<void> {
  try {
    await mkdir(dataDir, { recursive: true });
    for (const name of await storedDatabaseNames(dataDir)) await registry.create(name);
  } catch (err) {
    await registry.closeAll();
    const reason = err instanceof Error ? err.message : String(err);
    throw new StartupError(`embedded CouchDB could not open its data dir ${dataDir}: ${reason}`, { cause: err });
  }
}

/** In memory, databases are destroyed (the store is process-wide); on disk, closed with their data kept. */
function release(registry: DbRegistry, dataDir: string | undefined): Promise<void> {
  return dataDir === undefined ? registry.destroyAll() : registry.closeAll();
}

class StartedEmbeddedCouchDbServer implements StartedEmbeddedCouchDb {
  private readonly port: number;
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly server: Server,
    private readonly host: string,
    private readonly admin: AdminCredentials | undefined,
    private readonly registry: DbRegistry,
    private readonly tracker: FeedTracker,
    private readonly dataDir: string | undefined,
  ) {
    this.port = (server.address() as AddressInfo).port;
  }

  getUrl(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `http://${host}:${this.port}`;
  }

  getAuthenticatedUrl(): string {
    if (!this.admin) return this.getUrl();
    const url = new URL(this.getUrl());
    url.username = encodeURIComponent(this.admin.user);
    url.password = encodeURIComponent(this.admin.password);
    return url.toString().replace(/\/$/, '');
  }

  getPort(): number {
    return this.port;
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.tracker.closeAll();
      const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
      this.server.closeAllConnections();
      await closed;
      await release(this.registry, this.dataDir);
    })();
    return this.stopping;
  }
}
