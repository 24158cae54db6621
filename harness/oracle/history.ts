// The true history the oracle judges against: every revision the writers acknowledged or the changes feed showed,
// per document in CouchDB's winner order. Records may arrive late, twice, or out of time order.
import type { Revision } from './types.js';
import { DocHistory } from './doc-history.js';

const NO_DOCS: readonly string[] = [];
const NO_REVISIONS: readonly Revision[] = [];

export class History {
  private readonly docs = new Map<string, DocHistory>();
  // A rev string is not unique across documents: CouchDB derives it from the content, so two documents created
  // with the same body share their first rev.
  private readonly docsByRev = new Map<string, string[]>();
  private readonly groups = new Map<string, Set<string>>();

  /**
   * Records a revision; recording the same docId + rev again keeps the earliest ackAt (and due time) and the
   * writer's record (sentAt, via) over the feed's.
   */
  record(revision: Revision): void {
    let doc = this.docs.get(revision.docId);
    if (doc === undefined) {
      doc = new DocHistory();
      this.docs.set(revision.docId, doc);
    }
    doc.record(revision);
    const owners = this.docsByRev.get(revision.rev);
    if (owners === undefined) this.docsByRev.set(revision.rev, [revision.docId]);
    else if (!owners.includes(revision.docId)) owners.push(revision.docId);
    if (revision.group !== undefined) {
      let members = this.groups.get(revision.group);
      if (members === undefined) {
        members = new Set();
        this.groups.set(revision.group, members);
      }
      members.add(revision.docId);
    }
  }

  /** The revisions of a document in winner order, oldest first: the last one is CouchDB's winner. */
  revisionsOf(docId: string): readonly Revision[] {
    return this.docs.get(docId)?.revisions ?? NO_REVISIONS;
  }

  /** The stored record of one revision of a document. */
  revision(docId: string, rev: string): Revision | undefined {
    return this.docs.get(docId)?.get(rev);
  }

  /** The document a revision belongs to (the first one recorded, when several documents share the rev). */
  docOfRev(rev: string): string | undefined {
    return this.docsByRev.get(rev)?.[0];
  }

  /** Every document a revision belongs to. */
  docsOfRev(rev: string): readonly string[] {
    return this.docsByRev.get(rev) ?? NO_DOCS;
  }

  /** Every document that was ever in `group` in any recorded revision. */
  docsEverIn(group: string): ReadonlySet<string> {
    return this.groups.get(group) ?? new Set();
  }

  /**
   * The highest-ordered revision of the document due at or before `t`: what a request sent at t must show at
   * least. A revision is due at its `dueAt`, by default at its acknowledgement.
   */
  latestDueBy(docId: string, t: number): Revision | undefined {
    return this.docs.get(docId)?.latestDueBy(t);
  }

  /** The earliest due time among revisions ordered after `rev`: when a version showing `rev` went stale. */
  firstDueAfter(docId: string, rev: string): number | undefined {
    return this.docs.get(docId)?.firstDueAfter(rev);
  }

  /** The earliest due time of the unbroken run of live revisions in the group of `rev`, ending at `rev`. */
  inGroupSince(docId: string, rev: string): number | undefined {
    return this.docs.get(docId)?.inGroupSince(rev);
  }

  /** Revisions ordered after `rev` (all of them when `rev` is undefined), oldest first. */
  revisionsAfter(docId: string, rev: string | undefined): readonly Revision[] {
    return this.docs.get(docId)?.after(rev) ?? NO_REVISIONS;
  }
}
