// Step 2 of a measured cell: the true revision history. The database is seeded (each document's revision
// recorded), then CouchDB's own `_changes` feed is followed from the seq seeding ended at, so a revision written
// by anyone reaches the history. The feed is followed with nano's changesReader, a maintained follower that
// shares nothing with the implementations under test: a bug in their feed handling cannot blind their judge.

import nano from 'nano';
import { seedDocuments } from '../environment/seed-documents.js';
import { InstanceHistories } from '../oracle/instance-histories.js';
import type { Revision } from '../oracle/types.js';
import type { Scenario } from '../scenario/scenario.js';
import { DocStates } from '../workload/doc-states.js';

/** The revisions as each instance must show them (and as an ideal implementation would), and the documents'
 *  current states for the writers. */
export interface Truth {
  /** Staleness is judged on them: a write that reaches an instance only through its feed is due there a grace later. */
  readonly histories: InstanceHistories;
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
  /** Instances the harness spreads its requests over itself (behind a proxy: 1, it cannot tell them apart). */
  readonly instances: number;
  readonly clock: () => number;
}

export async function followTruth(options: FollowTruthOptions): Promise<FollowedTruth> {
  const { couchdbUrl, db, scenario, graceMs, clock } = options;
  const truth = newTruth(options.instances);
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

function newTruth(instances: number): Truth {
  const histories = new InstanceHistories(instances);
  const states = new DocStates();
  return {
    histories,
    states,
    record(revision) {
      histories.record(revision);
      states.apply(revision);
    },
  };
}
