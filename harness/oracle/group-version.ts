// Judges a version of `/group/{name}` against the history. The page must list every document in the group as of
// the latest revisions due (by default: acknowledged) when the request was sent, each at that revision, and no
// document at a revision outside the group.
import type { History } from './history.js';
import type { Revision } from './types.js';
import { compareRevs } from './rev-order.js';
import { dueAt, issuedAt, takenBy } from './doc-history.js';
import type { StaleDetail } from './types.js';
import { CURRENT, type VersionJudgement } from './version-judgement.js';

function inGroup(revision: Revision, name: string): boolean {
  return !revision.deleted && revision.group === name;
}

/** A group page listing a document at a revision that is not in the group (another group, none, a deletion). */
export const OUTSIDE_THE_GROUP = 'a group page lists a document at a revision outside the group: a page that never was (a torn read, or not a member)';

/**
 * The documents a version lists, each at its highest known revision among `revs`. A rev shared by several
 * documents is credited to those whose revision is in the group (or to all of them when none is), so a shared
 * rev neither hides a member nor invents one.
 */
export function listedDocs(history: History, name: string, revs: readonly string[]): Map<string, Revision> {
  const listed = new Map<string, Revision>();
  for (const rev of revs) {
    const owners = history.docsOfRev(rev);
    let credited = owners;
    if (owners.length > 1) {
      const members = owners.filter((docId) => inGroup(history.revision(docId, rev) as Revision, name));
      if (members.length > 0) credited = members;
    }
    for (const docId of credited) {
      const revision = history.revision(docId, rev) as Revision;
      const best = listed.get(docId);
      if (best === undefined || compareRevs(revision.rev, best.rev) > 0) listed.set(docId, revision);
    }
  }
  return listed;
}

export function judgeGroupVersion(history: History, name: string, revs: readonly string[], sentAt: number, receivedAt: number): VersionJudgement {
  const listed = listedDocs(history, name, revs);
  // The earliest due time of a write the version fails to show: the oldest reason it is stale.
  let madeStaleAt = Infinity;
  let behind: StaleDetail | undefined;
  const offend = (at: number | undefined, detail: StaleDetail): void => {
    if (at !== undefined && at < madeStaleAt) {
      madeStaleAt = at;
      behind = detail;
    }
  };

  for (const [docId, shown] of listed) {
    // A document listed at a revision outside the group: no moment of the history had that page, whether the
    // revision is old, due or in flight (a view's rows read apart from their documents, or a wrong member). One
    // reason for all such pages, so the error counts group them.
    if (!inGroup(shown, name)) return { kind: 'wrong', reason: OUTSIDE_THE_GROUP };
    const due = history.latestDueBy(docId, sentAt);
    if (due === undefined) continue; // written while the request was in flight
    // Behind: a later revision was due (which may have taken it out of the group).
    if (compareRevs(shown.rev, due.rev) < 0)
      offend(history.firstDueAfter(docId, shown.rev) ?? dueAt(due), { docId, shownRev: shown.rev, dueRev: due.rev, ...takenBy(due) });
  }

  for (const docId of history.docsEverIn(name)) {
    if (listed.has(docId)) continue;
    const due = history.latestDueBy(docId, sentAt);
    if (due === undefined || !inGroup(due, name)) continue;
    // A leave (update out of the group or delete) sent before the response came may already show.
    const leaving = history.revisionsAfter(docId, due.rev).some((later) => !inGroup(later, name) && issuedAt(later) <= receivedAt);
    if (!leaving) offend(history.inGroupSince(docId, due.rev) ?? dueAt(due), { docId, dueRev: due.rev, ...takenBy(due) });
  }

  return behind === undefined ? CURRENT : { kind: 'stale', staleForMs: sentAt - madeStaleAt, behind };
}
