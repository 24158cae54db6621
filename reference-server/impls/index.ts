// The implementations that ship, by the name used in `--impl` and in results.

import type { Database } from '../couch/database.js';
import type { ProxyPurger } from '../proxy/proxy-purger.js';
import type { Implementation } from './implementation.js';
import { BUILT_IN_IMPLEMENTATIONS, type BuiltInName } from './names.js';
import { ReferenceImplementation } from './reference.js';
import { SeedImplementation } from './seed.js';
import { CouchDbEtagImplementation } from './couchdb-etags.js';
import { NoCacheImplementation } from './none.js';
import { TtlImplementation } from './ttl.js';
import { ExpressImplementation } from '../frameworks/express.js';
import { FastifyImplementation } from '../frameworks/fastify.js';

export interface ImplementationOptions {
  /** Registry bound for implementations that keep one. */
  readonly maxPages?: number;
  /** memcached servers for `ttl` (`host:port`). */
  readonly memcachedServers?: string;
  /** Page lifetime for `ttl`, in seconds. */
  readonly ttlS?: number;
  /** A caching proxy in front to purge on each invalidation (`reference` only; PURGE_URL). */
  readonly purger?: ProxyPurger;
}

type Factory = (database: Database, options: ImplementationOptions) => Implementation;

const FACTORIES: Record<BuiltInName, Factory> = {
  reference: (database, options) => new ReferenceImplementation(database, options),
  seed: (database) => new SeedImplementation(database),
  'seed-changes': (database) => new SeedImplementation(database, { followChanges: true }),
  ttl: (database, options) => new TtlImplementation(database, options),
  couchdb: (database) => new CouchDbEtagImplementation(database),
  none: (database) => new NoCacheImplementation(database),
  express: (database) => new ExpressImplementation(database),
  fastify: (database) => new FastifyImplementation(database),
};

export { BUILT_IN_IMPLEMENTATIONS };

export function createImplementation(name: string, database: Database, options: ImplementationOptions = {}): Implementation {
  const factory = (FACTORIES as Record<string, Factory | undefined>)[name];
  if (factory === undefined) {
    throw new RangeError(`unknown implementation "${name}" (built-in: ${BUILT_IN_IMPLEMENTATIONS.join(', ')})`);
  }
  return factory(database, options);
}
