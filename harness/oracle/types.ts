// The oracle's vocabulary: the true revision history, the exchanges the load produced, and the verdicts.
// Times are milliseconds on one monotonic clock (performance.now() of the harness process).

/** One acknowledged (or observed) revision of a document. */
export interface Revision {
  readonly docId: string;
  readonly rev: string;
  /** The group the document is in as of this revision (undefined: none). */
  readonly group?: string;
  readonly deleted: boolean;
  /** When the write was sent; undefined when the harness did not write it (seen on the changes feed). */
  readonly sentAt?: number;
  /** When the write was acknowledged (for revisions seen only on the feed: when the feed delivered it). */
  readonly ackAt: number;
  /**
   * From when on every response must reflect this revision (a request sent after it that shows an older
   * version is stale). A write through the app is due at its acknowledgement: the app invalidates before it
   * answers. A write straight to CouchDB can only reach the app through the changes feed, so it is due a
   * grace period later (the invalidation lag measures how long it really took). Defaults to ackAt.
   */
  readonly dueAt?: number;
  readonly via: 'seed' | 'app' | 'couch' | 'feed';
  /**
   * A write through the app when the harness spread its requests over several instances itself: the index of the
   * instance that took it. There it is due at its acknowledgement (that instance invalidates before it answers);
   * `dueAt` is when it is due on the others, which learn it from their feeds.
   */
  readonly instance?: number;
}

/** A page request and what came back, as recorded by the load driver. */
export interface Exchange {
  /** The page path: `/doc/{id}` or `/group/{name}`. */
  readonly page: string;
  /**
   * When the request was due: closed loop, when it was written; open loop, its intended send time on the
   * schedule, so latency (receivedAt − sentAt) counts any wait for a connection (no coordinated omission).
   */
  readonly sentAt: number;
  /** Open loop: when the request was really written (≥ sentAt). The oracle judges from it; absent: sentAt. */
  readonly writtenAt?: number;
  readonly receivedAt: number;
  /** HTTP status; 0 when no response came (connection error, timeout). */
  readonly status: number;
  /** The If-None-Match value sent, if the request was conditional. */
  readonly sentEtag?: string;
  /** The revisions the client's cached copy for `sentEtag` showed (what a 304 tells it to keep using). */
  readonly cachedRevs?: readonly string[];
  /** The response's ETag header. */
  readonly etag?: string;
  /** The revision tokens found in a 200's body (`<generation>-<hash>`). */
  readonly bodyRevs?: readonly string[];
  /**
   * The index of the instance the harness sent the request to, when it spread the requests over several instances
   * itself. Absent with one instance, and behind a proxy: the proxy picks the instance, the harness cannot know it.
   */
  readonly instance?: number;
}

/** Why a version is stale: the document it shows behind (or leaves out), and the revision that was due. */
export interface StaleDetail {
  readonly docId: string;
  /** The revision of the document the version shows; absent when it leaves the document out. */
  readonly shownRev?: string;
  /** The document's revision due when the request was sent (a deletion's too). */
  readonly dueRev: string;
  /** The instance that took the write of `dueRev`, when it was written through a known instance of the app. */
  readonly takenBy?: number;
}

export type VerdictClass = 'fresh200' | 'stale200' | 'valid304' | 'stale304' | 'error';

export interface Verdict {
  readonly class: VerdictClass;
  /**
   * For stale verdicts: time from when the write that made the version stale became due (see Revision.dueAt:
   * its acknowledgement, or for a write straight to CouchDB its acknowledgement plus the grace) to the send.
   */
  readonly staleForMs?: number;
  /** For stale verdicts: the document the version shows behind (or leaves out) and the revision that was due. */
  readonly behind?: StaleDetail;
  /** For conditional requests: whether the ETag sent named the current version when sent (a 304 was due). */
  readonly idealHit?: boolean;
  /** For errors: what was wrong, in words. */
  readonly reason?: string;
  /** The instance that answered (Exchange.instance), when the harness knows it. */
  readonly instance?: number;
}
