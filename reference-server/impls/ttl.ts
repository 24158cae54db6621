// The seed's earlier setup (Pylons beaker_cache + memcached): whole pages cached in memcached for a TTL,
// no ETags and no invalidation at all. A page is stale from the write until its copy expires.

import type { IncomingMessage, ServerResponse } from 'node:http';
import memjs from 'memjs';
import type { Database } from '../couch/database.js';
import { PAGE_CACHE_CONTROL, sendError, sendPage } from '../http/respond.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import type { HealthReport, PageRoute } from './implementation.js';
import { UncachedWrites } from './uncached-writes.js';

export interface TtlOptions {
  /** memcached servers, `host:port[,host:port]` (MEMCACHED_SERVERS). */
  readonly memcachedServers?: string;
  /** Seconds a page is kept (memcached counts whole seconds). */
  readonly ttlS?: number;
}

const NOT_FOUND_MARK = '\u0000404';

export class TtlImplementation extends UncachedWrites {
  readonly name = 'ttl';
  readonly ttlS: number;
  readonly #client: memjs.Client;
  #hits = 0;
  #misses = 0;

  constructor(database: Database, options: TtlOptions = {}) {
    super(database);
    if (!options.memcachedServers) {
      throw new Error('ttl needs memcached: set MEMCACHED_SERVERS=host:port (install it with `apt-get install memcached`)');
    }
    this.ttlS = options.ttlS ?? 2;
    this.#client = memjs.Client.create(options.memcachedServers, { retries: 1, timeout: 1, keepAlive: true, logger: { log: () => {} } });
  }

  override async start(): Promise<void> {
    await this.database.prepare();
    // Fail at startup, not on the first request, when memcached is not there.
    await this.#client.set(`etag-bench:probe:${this.database.name}`, '1', { expires: 1 });
  }

  override async stop(): Promise<void> {
    this.#client.close();
  }

  override health(): HealthReport {
    return { status: 'ok', ttlS: this.ttlS, hits: this.#hits, misses: this.#misses };
  }

  async read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void> {
    const key = `etag-bench:${this.database.name}:${route.page}`;
    const cached = (await this.#client.get(key)).value?.toString('utf8');
    if (cached !== undefined) {
      this.#hits++;
      return cached === NOT_FOUND_MARK ? sendError(res, 404, 'not_found', 'missing') : sendPage(req, res, cached, { cacheControl: PAGE_CACHE_CONTROL });
    }
    this.#misses++;
    const page = await this.#render(route);
    await this.#client.set(key, page ?? NOT_FOUND_MARK, { expires: this.ttlS });
    if (page === undefined) return sendError(res, 404, 'not_found', 'missing');
    sendPage(req, res, page, { cacheControl: PAGE_CACHE_CONTROL });
  }

  async #render(route: PageRoute): Promise<string | undefined> {
    if (route.kind === 'group') return renderGroupPage(route.name, await this.database.groupMembers(route.name));
    const doc = await this.database.getDocument(route.name);
    return doc === undefined ? undefined : renderDocPage(doc);
  }
}
