// Where the CouchDB of a run comes from (DESIGN.md §4): the embedded server started here, or the user's own
// CouchDB reached by URL and never started or stopped by the harness.

import nano from 'nano';
import type { StatsSnapshot } from './couchdb/request-stats.js';

export interface CouchDbInfo {
  readonly version: string;
  readonly vendor: string;
}

export interface RunDatabase {
  readonly name: string;
  /** Deletes it when the harness created it; a database the user named is never deleted. */
  release(): Promise<void>;
}

export interface Environment {
  readonly kind: 'embedded' | 'external';
  /** Base URL, credentials included where needed (never print it: see redactUrl). */
  readonly couchdbUrl: string;
  readonly couchdb: CouchDbInfo;
  /** The database a run uses. */
  database(label: string): Promise<RunDatabase>;
  /** The embedded server's per-route request counter; undefined where CouchDB has none. */
  stats(): Promise<StatsSnapshot | undefined>;
  stop(): Promise<void>;
}

/** CouchDB's welcome (`GET /`): its version and vendor. */
export async function couchDbInfo(couchdbUrl: string): Promise<CouchDbInfo> {
  const welcome = (await nano({ url: couchdbUrl }).info()) as unknown as { version?: unknown; vendor?: { name?: unknown } };
  return {
    version: typeof welcome.version === 'string' ? welcome.version : 'unknown',
    vendor: typeof welcome.vendor?.name === 'string' ? welcome.vendor.name : 'unknown',
  };
}

/** A database name no other run uses: lower case, starts with a letter. */
export function uniqueDbName(label: string): string {
  const safe = label.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^[^a-z]+/, '');
  return `etag-bench-${safe || 'run'}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export async function createDb(couchdbUrl: string, name: string): Promise<void> {
  await nano({ url: couchdbUrl }).db.create(name);
}

export async function dropDb(couchdbUrl: string, name: string): Promise<void> {
  await nano({ url: couchdbUrl })
    .db.destroy(name)
    .catch((error: unknown) => {
      if ((error as { statusCode?: number }).statusCode !== 404) throw error;
    });
}
