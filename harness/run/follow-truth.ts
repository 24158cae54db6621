// Step 2 of a measured cell: the true revision history. The database is seeded (each document's revision
// recorded), then CouchDB's own `_changes` feed is followed from the seq seeding ended at, so a revision written
// by anyone reaches the history. The feed is followed with nano's changesReader, a maintained follower that
// shares nothing with the implementations under test: a bug in their feed handling cannot blind their judge.

import nano from 'nano';
import { seedDocuments } from '../environment/seed-documents.js';
import { History } from '../oracle/history.js';
import type { Revision } from '../oracle/types.js';
import type { Scenario } from '../scenario/scenario.js';
import { DocStates } from '../workload/doc-states.js';

/** Two views of the same revisions, and the documents' current states for the writers. */
export interface Truth {
  /** Staleness is judged on it: a write that reaches the app only through its feed is due a grace later. */
  readonly history: History;
  /** Every revision due at its acknowledgement: the ideal hit rate (an implementation that knew every write at once). */
  readonly strict: History;
  readonly states: DocStates;
  record(revision: Revision): void;
}

export interface FollowedTruth extends Truth {
  stop(): void;
}

export interface FollowTruthOptions {
  readonly couchdbUrl: string;
  readonly db: string;
  readonly scenario: Scenario;
  readonly graceMs: number;
  readonly clock: () => number;
}

export async function followTruth(options: FollowTruthOptions): Promise<FollowedTruth> {
  const { couchdbUrl, db, scenario, graceMs, clock } = options;
  const truth = newTruth();
  await seedDocuments(couchdbUrl, db, scenario.documents.count, scenario.documents.groups, (seeded) => {
    truth.record({ ...seeded, ackAt: clock(), via: 'seed' });
  });
  const database = nano(couchdbUrl).use<{ group?: unknown }>(db);
  // Every change after seeding: seqs are opaque, only ever passed back as `since`.
  const since = String((await database.info()).update_seq);
  const reader = database.changesReader;
  reader
    .start({ since, includeDocs: true })
    .on('change', (change: { id: string; changes: { rev: string }[]; deleted?: boolean; doc?: { group?: unknown } }) => {
      const rev = change.changes[0]?.rev;
      // Design documents (an implementation's views) are no page.
      if (rev === undefined || change.id.startsWith('_design/')) return;
      const at = clock();
      const group = change.doc?.group;
      truth.record({
        docId: change.id,
        rev,
        ...(typeof group === 'string' ? { group } : {}),
        deleted: change.deleted === true,
        ackAt: at,
        dueAt: at + graceMs,
        via: 'feed',
      });
    })
    // A paused or restarting CouchDB: the reader retries from its last seq; what the writers wrote is recorded
    // by them, so nothing the judge needs waits on the feed.
    .on('error', () => {});
  return { ...truth, stop: () => reader.stop() };
}

function newTruth(): Truth {
  const history = new History();
  const strict = new History();
  const states = new DocStates();
  return {
    history,
    strict,
    states,
    record(revision) {
      history.record(revision);
      const { dueAt: _tolerance, ...due } = revision;
      strict.record(due);
      states.apply(revision);
    },
  };
}
