// CouchDB calls every environment makes: its welcome, and the databases runs create and drop.

import nano from 'nano';
import type { CouchDbInfo } from '../contract/environment.js';

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
  const safe = label
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z]+/, '');
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
