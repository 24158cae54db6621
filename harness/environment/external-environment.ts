// The external environment: the user's CouchDB (a real Apache CouchDB 3.x is the target). Nothing is started
// or stopped. Without --db each run gets a database of its own, deleted afterwards; with --db that database
// is used and never deleted.

import type { CouchDbInfo, CouchStats, Environment } from '../contract/environment.js';
import { STATS_PATH } from '../couchdb-compatible/front-router.js';
import { UnreachableError } from '../errors.js';
import { EXTERNAL_COUCHDB, localFaults } from '../faults/local-faults.js';
import { redactUrl } from '../redact.js';
import { withoutCredentials } from './couch-auth.js';
import { couchDbInfo, createDb, dropDb, uniqueDbName } from './couch-databases.js';
import { localStarts } from './local-starts.js';
import { readCouchCounters } from './couch-counters.js';

export async function connectExternalEnvironment(couchdbUrl: string, db: string | undefined): Promise<Environment> {
  let couchdb: CouchDbInfo;
  try {
    couchdb = await couchDbInfo(couchdbUrl);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UnreachableError(`cannot use CouchDB at ${redactUrl(couchdbUrl)}: ${reason}`, { cause: error });
  }
  const { stop, ...starts } = localStarts();
  return {
    kind: 'external',
    couchdbUrl,
    couchdbNodes: [couchdbUrl],
    couchdb,
    async database(label) {
      if (db !== undefined) {
        await createDb(couchdbUrl, db).catch((error: unknown) => {
          if ((error as { statusCode?: number }).statusCode !== 412) throw error;
        });
        return { name: db, release: async () => {} };
      }
      const name = uniqueDbName(label);
      await createDb(couchdbUrl, name);
      return { name, release: () => dropDb(couchdbUrl, name) };
    },
    // A CouchDB may be an etag-bench embedded server started elsewhere: use its counter when it has one.
    counters: () => readCouchCounters(couchdbUrl),
    async stats(): Promise<CouchStats | undefined> {
      try {
        const { url, headers } = withoutCredentials(couchdbUrl);
        const response = await fetch(url.replace(/\/+$/, '') + STATS_PATH, { headers });
        if (response.status !== 200) return undefined;
        const body = (await response.json()) as Partial<CouchStats>;
        return typeof body.total === 'number' && body.requests !== undefined ? (body as CouchStats) : undefined;
      } catch {
        return undefined;
      }
    },
    ...starts,
    faults: localFaults(couchdbUrl, undefined, EXTERNAL_COUCHDB),
    // Only what the harness started: the user's CouchDB and database stay as they were.
    stop,
  };
}
