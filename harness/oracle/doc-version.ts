// Judges a version of `/doc/{id}` against the history: it must not be older than the latest revision of the
// document due (by default: acknowledged) when the request was sent.
import type { History } from './history.js';
import type { Revision } from './types.js';
import { compareRevs } from './rev-order.js';
import { dueAt, issuedAt, takenBy } from './doc-history.js';
import { CURRENT, type VersionJudgement } from './version-judgement.js';

/** The highest-ordered known revision of `docId` among `revs`; tokens of other documents are ignored. */
export function docRevisionIn(history: History, docId: string, revs: readonly string[]): Revision | undefined {
  let best: Revision | undefined;
  for (const rev of revs) {
    const known = history.revision(docId, rev);
    if (known !== undefined && (best === undefined || compareRevs(known.rev, best.rev) > 0)) best = known;
  }
  return best;
}

export function judgeDocVersion(history: History, docId: string, revs: readonly string[], sentAt: number, shown: string): VersionJudgement {
  const version = docRevisionIn(history, docId, revs);
  if (version === undefined) return { kind: 'unknown', reason: `${shown} holds no known revision of ${docId}` };
  const due = history.latestDueBy(docId, sentAt);
  if (due === undefined) return CURRENT;
  const order = compareRevs(version.rev, due.rev);
  if (order < 0) {
    // due is ordered after version and due by sentAt, so a first due time after version exists and is <= sentAt.
    const madeStaleAt = history.firstDueAfter(docId, version.rev) ?? dueAt(due);
    return { kind: 'stale', staleForMs: sentAt - madeStaleAt, behind: { docId, shownRev: version.rev, dueRev: due.rev, ...takenBy(due) } };
  }
  // Showing the deletion itself as a page is showing a document that no longer exists.
  if (order === 0 && due.deleted)
    return { kind: 'stale', staleForMs: sentAt - dueAt(due), behind: { docId, shownRev: version.rev, dueRev: due.rev, ...takenBy(due) } };
  return CURRENT;
}

/**
 * Whether a 404 was right: the document did not exist (or was deleted) when the request was sent, or a delete of
 * it was sent before the response came (a delete in flight may already show).
 */
export function absenceIsRight(history: History, docId: string, sentAt: number, receivedAt: number): boolean {
  const due = history.latestDueBy(docId, sentAt);
  if (due === undefined || due.deleted) return true;
  return history.revisionsAfter(docId, due.rev).some((later) => later.deleted && issuedAt(later) <= receivedAt);
}
