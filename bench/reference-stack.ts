// The embedded CouchDB (its own process, as `run` starts it) with seeded documents, and the reference
// server (its own process) on that database: what the 304, 200 and lag benches measure against.
// BENCH_COUCHDB_URL=<url with admin credentials>: a CouchDB already running instead (a real Apache CouchDB, one
// node of a cluster); its database is created and dropped, nothing else is touched.

import type { Environment } from '../harness/contract/environment.js';
import { startEmbeddedEnvironment } from '../harness/environment/embedded-environment.js';
import { connectExternalEnvironment } from '../harness/environment/external-environment.js';
import { seedDocuments } from '../harness/environment/seed-documents.js';
import { startChild, type BenchChild, type ChildOptions } from './child-process.js';

export interface ReferenceStack {
  readonly couchdbUrl: string;
  /** Which CouchDB: `embedded`, or the vendor and version of BENCH_COUCHDB_URL's. */
  readonly couchdb: string;
  readonly external: boolean;
  readonly db: string;
  readonly reference: BenchChild<{ url: string }>;
  /** The seeded documents' revisions, by id. */
  readonly revs: Map<string, string>;
  stop(): Promise<void>;
}

export interface StackOptions {
  readonly documents?: number;
  /** The script that serves the reference (relative to dist/bench/); default its own main. */
  readonly script?: string;
  readonly child?: ChildOptions;
  /** Runs once the database is seeded, before the reference starts (e.g. to open a feed ahead of it). */
  readonly beforeReference?: (couchdbUrl: string, db: string) => Promise<void>;
}

export async function startReferenceStack(options: StackOptions = {}): Promise<ReferenceStack> {
  const external = process.env.BENCH_COUCHDB_URL;
  const environment: Environment = external === undefined ? await startEmbeddedEnvironment() : await connectExternalEnvironment(external, undefined);
  try {
    const database = await environment.database('bench');
    const revs = new Map<string, string>();
    await seedDocuments(environment.couchdbUrl, database.name, options.documents ?? 100, undefined, (r) => revs.set(r.docId, r.rev));
    await options.beforeReference?.(environment.couchdbUrl, database.name);
    // BENCH_REFERENCE_SCRIPT: another build's main.js (absolute path), to compare two builds with one bench.
    const script = options.script ?? process.env.BENCH_REFERENCE_SCRIPT ?? '../reference-server/main.js';
    const reference = await startChild<{ url: string }>(script, {
      args: ['reference'],
      ...options.child,
      env: { PORT: '0', COUCHDB_URL: environment.couchdbUrl, COUCHDB_DB: database.name, ...options.child?.env },
    });
    return {
      couchdbUrl: environment.couchdbUrl,
      couchdb: external === undefined ? 'embedded' : `${environment.couchdb.vendor} ${environment.couchdb.version}`,
      external: external !== undefined,
      db: database.name,
      reference,
      revs,
      async stop() {
        await reference.stop();
        await database.release();
        await environment.stop();
      },
    };
  } catch (error) {
    await environment.stop();
    throw error;
  }
}
