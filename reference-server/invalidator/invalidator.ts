// The changes-feed follower as a purger of its own: it follows CouchDB's `_changes` and purges a proxy
// by document id, so an app that knows nothing of ETags or revisions still gets exact invalidation.
//
// It knows only documents, not the app's pages. For each change it purges the document's page
// (`/doc/{id}`, xkey `<id>`) and the pages of the group the document is in now and the one it was in
// before (`/group/{g}`, xkey `group:<g>`). The old group comes from a map id → group that it primes
// from one normal `_changes` request at start, so leaving a group is covered too. It cannot cover pages
// that depend on documents in ways it does not know (other page kinds, a render reading other docs);
// behind Varnish, an origin that names its dependencies in an `xkey` header closes that gap. It learns of
// a write only through the feed, after CouchDB acknowledged it: a write through the app can be served
// stale until the feed brings it (a few ms here), which the oracle counts; writes straight to CouchDB
// have the grace.

import { ChangesFollower, type ChangeEvent, type FeedState } from '../couch/changes-follower.js';
import { Database } from '../couch/database.js';
import { ProxyPurger, type PurgeStyle } from '../proxy/proxy-purger.js';

export interface InvalidatorOptions {
  readonly couchdbUrl: string;
  readonly db: string;
  readonly purgeUrl: string;
  readonly style: PurgeStyle;
  /** Resume after this seq (from an earlier run); default: follow from where priming the groups ended. */
  readonly since?: string;
  readonly repeatMs?: number;
}

export class Invalidator {
  readonly #groups = new Map<string, string>();
  /** Every document that exists as far as the feed said: the pages to purge after an outage (url, refresh). */
  readonly #docIds = new Set<string>();
  /** The feed went down since it was last live: changes may have been missed. */
  #missedChanges = false;
  readonly #purger: ProxyPurger;
  readonly #database: Database;
  #follower: ChangesFollower | undefined;
  #changes = 0;

  constructor(private readonly options: InvalidatorOptions) {
    this.#database = new Database(options.couchdbUrl, options.db);
    this.#purger = new ProxyPurger(options.purgeUrl, options.style, { repeatMs: options.repeatMs });
  }

  /** Resolves once the feed is live. */
  async start(): Promise<void> {
    const primed = await this.#prime();
    const since = this.options.since ?? primed;
    this.#follower = new ChangesFollower(this.#database, (change) => this.#onChange(change), { since });
    this.#follower.on('state', (state: FeedState) => this.#onFeedState(state));
    await this.#follower.start();
  }

  async stop(): Promise<void> {
    await this.#follower?.stop();
    this.#purger.close();
  }

  get status(): { feed: FeedState; changes: number; since: string | number | undefined; purges: ProxyPurger['status'] } {
    return { feed: this.#follower?.state ?? 'starting', changes: this.#changes, since: this.#follower?.since, purges: this.#purger.status };
  }

  /** Every document's group as of now, and the seq to follow from. */
  async #prime(): Promise<string | number> {
    const result = await this.#database.db.changes({ include_docs: true });
    for (const row of result.results as { id: string; deleted?: boolean; doc?: { group?: unknown } }[]) {
      const group = row.doc?.group;
      if (row.deleted === true || row.id.startsWith('_design/')) continue;
      this.#docIds.add(row.id);
      if (typeof group === 'string') this.#groups.set(row.id, group);
    }
    return result.last_seq as string | number;
  }

  /**
   * Back from an outage, the proxy drops every page: the catch-up holds what this CouchDB node has, and a cluster
   * node back from a stop or a pause learns the writes made elsewhere meanwhile only later, by internal
   * replication (or folded into a later revision).
   */
  #onFeedState(state: FeedState): void {
    if (state === 'down') this.#missedChanges = true;
    else if (state === 'live' && this.#missedChanges) {
      this.#missedChanges = false;
      void this.#purger.purge({ docIds: [...this.#docIds], groups: [...new Set(this.#groups.values())], everything: true });
    }
  }

  #onChange(change: ChangeEvent): void {
    this.#changes++;
    const before = this.#groups.get(change.id);
    const now = change.deleted ? undefined : change.doc?.group;
    if (typeof now === 'string') this.#groups.set(change.id, now);
    else this.#groups.delete(change.id);
    if (change.deleted) this.#docIds.delete(change.id);
    else this.#docIds.add(change.id);
    const groups = new Set<string>();
    if (before !== undefined) groups.add(before);
    if (typeof now === 'string') groups.add(now);
    void this.#purger.purge({ docIds: [change.id], groups: [...groups] });
  }
}
