// `--seed N`: documents doc-0 … doc-(N-1), each in group g-(i mod 10), written with _bulk_docs.
// Documents that already exist (an external CouchDB seeded before) are left as they are.

import nano from 'nano';

const BATCH = 1000;
export const GROUPS = 10;

export function seedDocument(i: number): { _id: string; group: string; title: string; n: number } {
  return { _id: `doc-${i}`, group: `g-${i % GROUPS}`, title: `Document ${i}`, n: i };
}

export interface SeedResult {
  readonly created: number;
  readonly existing: number;
}

export async function seedDocuments(couchdbUrl: string, dbName: string, count: number): Promise<SeedResult> {
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
    const docs = [];
    for (let i = start; i < Math.min(count, start + BATCH); i++) docs.push(seedDocument(i));
    const results = await db.bulk({ docs });
    for (const result of results) {
      if (result.error === 'conflict') existing++;
      else if (result.error) throw new Error(`seeding ${result.id} failed: ${result.error} ${result.reason ?? ''}`);
      else created++;
    }
  }
  return { created, existing };
}
