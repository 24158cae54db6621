// The embedded environment: the CouchDB-compatible server in a process of its own (`etag-bench couchdb`), so
// that its work does not compete with the load generator's event loop. Persistent, it keeps its databases in
// a private temp dir, so that a fault step can restart it with its data and `_changes` seqs kept.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CouchDbProcess } from './couchdb-process.js';
import { CouchDbProcessFaults } from './couchdb-process-faults.js';
import { STATS_PATH } from './couchdb/front-router.js';
import type { StatsSnapshot } from './couchdb/request-stats.js';
import { couchDbInfo, createDb, type CouchDbInfo, dropDb, uniqueDbName, type Environment } from './environment.js';

export interface EmbeddedEnvironmentOptions {
  /** On disk (a temp dir removed by stop()) instead of in memory: needed by couchFaults.restart(). */
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
  const faults = new CouchDbProcessFaults(first, dataDir);
  // A restart comes back on this URL, or fails.
  const couchdbUrl = first.url;
  const stop = async (): Promise<void> => {
    await faults.stop();
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
    couchdb,
    couchFaults: faults,
    async database(label) {
      const name = uniqueDbName(label);
      await createDb(couchdbUrl, name);
      return { name, release: () => dropDb(couchdbUrl, name) };
    },
    async stats(): Promise<StatsSnapshot> {
      const response = await fetch(couchdbUrl + STATS_PATH);
      return (await response.json()) as StatsSnapshot;
    },
    stop,
  };
}
