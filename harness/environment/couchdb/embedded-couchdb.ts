// A CouchDB-compatible server in memory (express-pouchdb + PouchDB's memory adapter, with the gaps of
// DESIGN.md §5 closed by the front router), in the manner of a testcontainers module.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvalidOptionError, StartupError } from '../../errors.js';
import type { AdminCredentials } from './basic-auth.js';
import { DbRegistry } from './db-registry.js';
import { FeedTracker } from './feed-tracker.js';
import { createFrontRouter } from './front-router.js';
import { createPouchApp } from './pouch-app.js';
import { createIsolatedPouch } from './pouch-factory.js';
import { RequestStats } from './request-stats.js';

export const DEFAULT_HOST = '127.0.0.1';

export interface StartedEmbeddedCouchDb {
  /** e.g. http://127.0.0.1:54321: no trailing slash, no credentials. */
  getUrl(): string;
  /** getUrl() with `user:password@` when an admin is set (percent-encoded, as nano decodes it). */
  getAuthenticatedUrl(): string;
  getPort(): number;
  /** Ends every feed and connection; resolves once the port is released. */
  stop(): Promise<void>;
}

export class EmbeddedCouchDb {
  private port = 0;
  private host = DEFAULT_HOST;
  private admin: AdminCredentials | undefined;

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

  async start(): Promise<StartedEmbeddedCouchDb> {
    const Pouch = createIsolatedPouch();
    const registry = new DbRegistry(Pouch);
    const tracker = new FeedTracker();
    const app = await createPouchApp(Pouch);
    const handler = createFrontRouter({ registry, stats: new RequestStats(), tracker, admin: this.admin, fallback: app });
    const server = createServer(handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err) => {
        reject(new StartupError(`embedded CouchDB could not listen on ${this.host}:${this.port}: ${err.message}`, { cause: err }));
      });
      server.listen(this.port, this.host, () => resolve());
    }).catch(async (err: unknown) => {
      await registry.destroyAll();
      throw err;
    });
    return new StartedEmbeddedCouchDbServer(server, this.host, this.admin, registry, tracker);
  }
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
      await this.registry.destroyAll();
    })();
    return this.stopping;
  }
}
