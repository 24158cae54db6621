// `--seed N`: documents doc-0 … doc-(N-1), each in group g-(i mod 10), written with _bulk_docs.
// Documents that already exist (an external CouchDB seeded before) are left as they are.

import nano from 'nano';
import { UnreachableError } from '../errors.js';

const BATCH = 1000;
export const GROUPS = 10;

export function seedDocument(i: number, groups = GROUPS): { _id: string; group: string; title: string; n: number } {
  return { _id: `doc-${i}`, group: `g-${i % groups}`, title: `Document ${i}`, n: i };
}

export interface SeedResult {
  readonly created: number;
  readonly existing: number;
}

export interface SeededRevision {
  readonly docId: string;
  readonly rev: string;
  readonly group: string | undefined;
  readonly deleted: boolean;
}

/**
 * Creates the documents; those that exist already are left as they are. `onRevision` hears the revision
 * each document is at afterwards (the harness's history starts from it).
 */
export async function seedDocuments(
  couchdbUrl: string,
  dbName: string,
  count: number,
  groups = GROUPS,
  onRevision: (revision: SeededRevision) => void = () => {},
): Promise<SeedResult> {
  const server = nano({ url: couchdbUrl });
  try {
    await server.db.create(dbName);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 412) throw error;
  }
  const db = server.use(dbName);
  let created = 0;
  let existing = 0;
  for (let start = 0; start < count; start += BATCH) {
    const docs: ReturnType<typeof seedDocument>[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) docs.push(seedDocument(i, groups));
    const results = await db.bulk({ docs });
    const conflicts: string[] = [];
    results.forEach((result, at) => {
      if (result.error === 'conflict') conflicts.push(result.id!);
      else if (result.error) throw new UnreachableError(`seeding ${result.id} failed: ${result.error} ${result.reason ?? ''}`);
      else {
        created++;
        onRevision({ docId: result.id!, rev: result.rev!, group: docs[at]!.group, deleted: false });
      }
    });
    existing += conflicts.length;
    if (conflicts.length > 0) await currentRevisions(db, conflicts, onRevision);
  }
  return { created, existing };
}

async function currentRevisions(db: ReturnType<ReturnType<typeof nano>['use']>, ids: string[], onRevision: (revision: SeededRevision) => void): Promise<void> {
  const { rows } = await db.fetch({ keys: ids });
  for (const row of rows) {
    if (!('doc' in row) || row.doc === null || row.doc === undefined) continue;
    const doc = row.doc as { _id: string; _rev: string; group?: unknown };
    onRevision({ docId: doc._id, rev: doc._rev, group: typeof doc.group === 'string' ? doc.group : undefined, deleted: false });
  }
}
