// The revisions of one document in winner order, with the indexes the judge needs to answer in O(log n):
// the first revision due after each revision and when the document's current group membership began.
// A revision is due (every response to a request sent from then on must reflect it) at its dueAt, which
// defaults to its acknowledgement.
import type { Revision } from './types.js';
import { compareRevs } from './rev-order.js';

/** When a revision's write was issued: its send time, or for a revision seen only on the feed, when it was seen. */
export function issuedAt(revision: Revision): number {
  return revision.sentAt ?? revision.ackAt;
}

function sameMembership(a: Revision, b: Revision): boolean {
  return !a.deleted && !b.deleted && a.group !== undefined && a.group === b.group;
}

/** From when on responses must reflect a revision. */
export function dueAt(revision: Revision): number {
  return revision.dueAt ?? revision.ackAt;
}

/** A stale verdict's note of the instance that took a revision's write (none when no known instance did). */
export function takenBy(revision: Revision): { readonly takenBy?: number } {
  return revision.instance === undefined ? {} : { takenBy: revision.instance };
}

export class DocHistory {
  /** Oldest first: each revision beats the ones before it. */
  private readonly revs: Revision[] = [];
  // minDueFrom[i]: the earliest due time among revs[i..]. A later revision proves every earlier one was written,
  // and a feed may deliver revisions late or out of order, so "due by t" is answered on this suffix minimum.
  private minDueFrom: number[] = [];
  // runDue[i]: the earliest due time in the unbroken run of live revisions in one group that ends at revs[i].
  private runDue: number[] = [];
  private stale = false;

  get revisions(): readonly Revision[] {
    return this.revs;
  }

  /** Adds or merges a revision; returns the stored one. */
  record(incoming: Revision): Revision {
    const at = this.search(incoming.rev);
    const existing = this.revs[at];
    if (existing !== undefined && existing.rev === incoming.rev) {
      const merged = mergeRecords(existing, incoming);
      this.revs[at] = merged;
      if (dueAt(merged) !== dueAt(existing) || merged.group !== existing.group || merged.deleted !== existing.deleted) {
        this.stale = true;
      }
      return merged;
    }
    this.revs.splice(at, 0, incoming);
    if (at === this.revs.length - 1 && !this.stale) this.appendIndexes(at);
    else this.stale = true;
    return incoming;
  }

  get(rev: string): Revision | undefined {
    const revision = this.revs[this.search(rev)];
    return revision?.rev === rev ? revision : undefined;
  }

  /** The highest-ordered revision due at or before `t`. */
  latestDueBy(t: number): Revision | undefined {
    this.refresh();
    // minDueFrom is non-decreasing: find the last index whose suffix holds a revision due at or before t.
    let lo = 0;
    let hi = this.revs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.minDueFrom[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : this.revs[lo - 1];
  }

  /** The earliest due time of a revision ordered after `rev` (undefined: none). */
  firstDueAfter(rev: string): number | undefined {
    this.refresh();
    const at = this.search(rev);
    const next = this.revs[at]?.rev === rev ? at + 1 : at;
    return this.minDueFrom[next];
  }

  /** When the document was due in the group `rev` is in: the earliest due time of the in-group run ending at `rev`. */
  inGroupSince(rev: string): number | undefined {
    this.refresh();
    const at = this.search(rev);
    return this.revs[at]?.rev === rev ? this.runDue[at] : undefined;
  }

  /** Revisions ordered after `rev`, or all of them when `rev` is undefined. */
  after(rev: string | undefined): readonly Revision[] {
    if (rev === undefined) return this.revs;
    const at = this.search(rev);
    return this.revs.slice(this.revs[at]?.rev === rev ? at + 1 : at);
  }

  /** Index of `rev`, or where it would be inserted. */
  private search(rev: string): number {
    let lo = 0;
    let hi = this.revs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareRevs((this.revs[mid] as Revision).rev, rev) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  // The common case, a new winner arriving due last, costs O(1): only suffixes with a later minimum move.
  private appendIndexes(at: number): void {
    const due = dueAt(this.revs[at] as Revision);
    this.minDueFrom.push(due);
    for (let i = at - 1; i >= 0 && (this.minDueFrom[i] as number) > due; i--) this.minDueFrom[i] = due;
    this.runDue.push(this.runStartDue(at));
  }

  private runStartDue(at: number): number {
    const revision = this.revs[at] as Revision;
    const previous = this.revs[at - 1];
    if (previous === undefined || !sameMembership(previous, revision)) return dueAt(revision);
    return Math.min(this.runDue[at - 1] as number, dueAt(revision));
  }

  private refresh(): void {
    if (!this.stale) return;
    const n = this.revs.length;
    this.minDueFrom = new Array<number>(n);
    let min = Infinity;
    for (let i = n - 1; i >= 0; i--) {
      min = Math.min(min, dueAt(this.revs[i] as Revision));
      this.minDueFrom[i] = min;
    }
    this.runDue = [];
    for (let i = 0; i < n; i++) this.runDue.push(this.runStartDue(i));
    this.stale = false;
  }
}

// A sharded feed may repeat a change, and the feed may report a write before or after its writer does: keep the
// earliest acknowledgement and the earliest due time, and the writer's own record (send time, route) if any.
function mergeRecords(existing: Revision, incoming: Revision): Revision {
  const writer = existing.via !== 'feed' ? existing : incoming.via !== 'feed' ? incoming : existing;
  const ackAt = Math.min(existing.ackAt, incoming.ackAt);
  const due = Math.min(dueAt(existing), dueAt(incoming));
  if (writer.ackAt === ackAt && dueAt(writer) === due) return writer;
  const { dueAt: _dropped, ...rest } = writer;
  return due === ackAt ? { ...rest, ackAt } : { ...rest, ackAt, dueAt: due };
}
