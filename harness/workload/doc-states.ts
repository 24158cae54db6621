// The writers' view of each document's current revision, fed by their own acknowledgements and by the
// changes feed (whoever wrote). Newer revisions win: higher generation, then the greater rev string.

import type { Revision } from '../oracle/types.js';

export interface DocState {
  readonly rev: string;
  readonly group: string | undefined;
  readonly deleted: boolean;
}

const generation = (rev: string): number => Number.parseInt(rev, 10);

function isNewer(rev: string, than: string): boolean {
  const a = generation(rev);
  const b = generation(than);
  return a !== b ? a > b : rev > than;
}

export class DocStates {
  readonly #states = new Map<string, DocState>();

  get(docId: string): DocState | undefined {
    return this.#states.get(docId);
  }

  /** The documents that exist now (not deleted), in the order they were first seen. */
  liveIds(): string[] {
    return [...this.#states].filter(([, state]) => !state.deleted).map(([id]) => id);
  }

  apply(revision: Revision): void {
    const current = this.#states.get(revision.docId);
    if (current !== undefined && !isNewer(revision.rev, current.rev)) return;
    this.#states.set(revision.docId, { rev: revision.rev, group: revision.group, deleted: revision.deleted });
  }
}
