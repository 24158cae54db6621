// The embedded environment: the CouchDB-compatible server in a process of its own (`etag-bench couchdb`), so
// that its work does not compete with the load generator's event loop; implementations, proxies and memcached
// as local processes. Persistent, CouchDB keeps its databases in a private temp dir, so that a fault step can
// restart it with its data and `_changes` seqs kept.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATS_PATH } from '../couchdb-compatible/front-router.js';
import type { CouchDbInfo, CouchStats, Environment } from '../contract/environment.js';
import { localFaults } from '../faults/local-faults.js';
import { couchDbInfo, createDb, dropDb, uniqueDbName } from './couch-databases.js';
import { CouchDbProcess } from './couchdb-process.js';
import { CouchDbProcessFaults } from './couchdb-process-faults.js';
import { localStarts } from './local-starts.js';
import { readCouchCounters } from './couch-counters.js';

export interface EmbeddedEnvironmentOptions {
  /** On disk (a temp dir removed by stop()) instead of in memory: needed to restart CouchDB with its data. */
  readonly persistent?: boolean;
}

export async function startEmbeddedEnvironment(options: EmbeddedEnvironmentOptions = {}): Promise<Environment> {
  const dataDir = options.persistent ? await mkdtemp(join(tmpdir(), 'etag-bench-couchdb-')) : undefined;
  const removeDataDir = async (): Promise<void> => {
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  };
  let first: CouchDbProcess;
  try {
    first = await CouchDbProcess.start({ port: 0, dataDir });
  } catch (error) {
    await removeDataDir();
    throw error;
  }
  const couch = new CouchDbProcessFaults(first, dataDir);
  // A restart comes back on this URL, or fails.
  const couchdbUrl = first.url;
  const { stop: stopLocal, ...starts } = localStarts();
  const stop = async (): Promise<void> => {
    await stopLocal();
    await couch.stop();
    await removeDataDir();
  };
  let couchdb: CouchDbInfo;
  try {
    couchdb = await couchDbInfo(couchdbUrl);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    kind: 'embedded',
    couchdbUrl,
    couchdbNodes: [couchdbUrl],
    couchdb,
    async database(label) {
      const name = uniqueDbName(label);
      await createDb(couchdbUrl, name);
      return { name, release: () => dropDb(couchdbUrl, name) };
    },
    counters: () => readCouchCounters(couchdbUrl),
    async stats(): Promise<CouchStats> {
      const response = await fetch(couchdbUrl + STATS_PATH);
      return (await response.json()) as CouchStats;
    },
    ...starts,
    faults: localFaults(couchdbUrl, couch),
    stop,
  };
}
