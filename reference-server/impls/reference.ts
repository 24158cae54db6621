// The reference algorithm: a registry of valid ETags consulted before any database access, invalidated
// by the save handler and by CouchDB's _changes feed (so writes from anywhere are seen), with a race fence
// so that a slow render of an old revision is never registered after the invalidation that replaced it.
// Pages go out in the coding the request accepts (identity, gzip, br), each with its own strong ETag; any coding's
// ETag of the current page is a 304 from the registry. If-Match is evaluated first, on reads and on writes.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChangesFollower, type ChangeEvent, type FeedState } from '../couch/changes-follower.js';
import type { Database } from '../couch/database.js';
import { parseIfNoneMatch, type IfNoneMatch } from '../../protocol/http/if-none-match.js';
import { parseIfMatch, strongMatch, type IfMatch } from '../../protocol/http/if-match.js';
import { codingFor } from '../http/accept-encoding.js';
import { CodedBodies } from '../http/coded-bodies.js';
import { PAGE_CACHE_CONTROL, PAGE_VARY, sendError, sendNotModified, sendPage } from '../http/respond.js';
import { codedEtag, codingNamed, type Coding } from '../registry/coded-etag.js';
import type { ProxyPurger } from '../proxy/proxy-purger.js';
import { EtagRegistry, type Dependency } from '../registry/etag-registry.js';
import { docEtag, groupEtag, renderDocPage, renderGroupPage } from '../render/pages.js';
import { deleteThroughApp, saveThroughApp, type SavedRevision } from './app-writes.js';
import type { HealthReport, PageRoute, RoutedImplementation } from './implementation.js';

export interface ReferenceOptions {
  readonly maxPages?: number;
  readonly heartbeatMs?: number;
  /** A caching proxy in front: purged on every invalidation, before a write through the app is acknowledged. */
  readonly purger?: ProxyPurger;
}

interface Rendered {
  readonly etag: string;
  readonly body: string;
  readonly deps: readonly Dependency[];
}

const docKey = (id: string): string => `doc:${id}`;
const groupKey = (name: string): string => `group:${name}`;

export class ReferenceImplementation implements RoutedImplementation {
  readonly name = 'reference';
  readonly #registry: EtagRegistry;
  readonly #follower: ChangesFollower;
  readonly #purger: ProxyPurger | undefined;
  /** Each page's body as sent, per content-coding, for its current ETag (compressed once per revision). */
  readonly #bodies = new CodedBodies();
  /** The feed went down since it was last live: changes may have been missed. */
  #missedChanges = false;

  constructor(
    private readonly database: Database,
    options: ReferenceOptions = {},
  ) {
    this.#registry = new EtagRegistry({ maxPages: options.maxPages });
    this.#purger = options.purger;
    // A feed that goes silent must be noticed (and 304s stopped) before a write it did not bring is due here:
    // three missed heartbeats of 200 ms, well inside the usual 1 s grace for writes straight to CouchDB.
    this.#follower = new ChangesFollower(database, (change) => this.#onChange(change), {
      heartbeatMs: options.heartbeatMs ?? 200,
      stallFactor: 3,
    });
    this.#follower.on('state', (state: FeedState) => this.#onFeedState(state));
  }

  async start(): Promise<void> {
    await this.database.prepare();
    await this.#follower.start();
  }

  stop(): Promise<void> {
    this.#purger?.close();
    return this.#follower.stop();
  }

  health(): HealthReport {
    return {
      status: this.#follower.live ? 'ok' : 'degraded',
      feed: this.#follower.status,
      pages: this.#registry.size,
      evictions: this.#registry.evictions,
      ...(this.#purger ? { purges: this.#purger.status } : {}),
    };
  }

  read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void> | void {
    const coding = codingFor(req.headers['accept-encoding']);
    const ifMatchHeader = req.headers['if-match'];
    // If-Match comes first (RFC 9110 §13.2.2) and needs the current ETag: rare on a read, so it renders.
    if (ifMatchHeader !== undefined)
      return this.#renderAndSend(req, res, route, parseIfNoneMatch(req.headers['if-none-match']), coding, parseIfMatch(ifMatchHeader));
    const condition = parseIfNoneMatch(req.headers['if-none-match']);
    // The check comes first, touches no database and answers synchronously; while the feed is down it is
    // skipped (it cannot know what changed). Any coding's ETag of the current page is a match; the 304 names
    // the one of the coding this request selects.
    if (condition !== undefined && this.#follower.live) {
      const etag = this.#registry.check(route.page, condition, coding);
      if (etag !== undefined) return sendNotModified(res, validators(etag));
    }
    return this.#renderAndSend(req, res, route, condition, coding, undefined);
  }

  async #renderAndSend(
    req: IncomingMessage,
    res: ServerResponse,
    route: PageRoute,
    condition: IfNoneMatch | undefined,
    coding: Coding,
    ifMatch: IfMatch | undefined,
  ): Promise<void> {
    const ticket = this.#registry.beginRender();
    const rendered = route.kind === 'doc' ? await this.#renderDoc(route.name) : await this.#renderGroup(route.name);
    // A missing page is 404 whatever If-Match says (RFC 9110 §13.2.1: only a 2xx answer is conditional).
    if (rendered === undefined) return sendError(res, 404, 'not_found', 'missing');
    const registered = this.#registry.set(route.page, rendered.etag, rendered.deps, ticket);
    const etag = codedEtag(rendered.etag, coding);
    // RFC 9110 §13.1.1: strong comparison with the selected representation's ETag (its coding's).
    if (ifMatch !== undefined && !strongMatch(ifMatch, etag)) return sendError(res, 412, 'precondition_failed', 'If-Match does not name the current ETag');
    // An invalidation overtook this render: a proxy in front must not serve it after the purge it missed, nor hand
    // it to the requests it coalesced onto this fetch (Varnish's waiting list: some came after the write), purging
    // or not. Expired already (not `0`, "do not store"): a refresh answered so must still replace nginx's older copy.
    if (!registered) res.setHeader('X-Accel-Expires', '@1');
    // A fresh read that the client already has is a 304 too (e.g. after an eviction), in any coding.
    if (condition !== undefined && matchesAnyCoding(condition, rendered.etag)) {
      return sendNotModified(res, validators(etag));
    }
    // Behind a Varnish that purges by tag: name every document the page shows (the proxy strips it).
    if (this.#purger?.style === 'xkey') res.setHeader('xkey', rendered.deps.flatMap((d) => (d.key.startsWith('doc:') ? [d.key.slice(4)] : [])).join(' '));
    const body = this.#bodies.get(route.page, rendered.etag, rendered.body, coding);
    sendPage(req, res, body, validators(etag), coding === 'identity' ? undefined : coding);
  }

  save(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return saveThroughApp(req, res, this.database, id, { checkIfNoneMatch: true, checkIfMatch: true, onSaved: (s) => this.#onSaved(s) });
  }

  remove(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return deleteThroughApp(req, res, this.database, id, { checkIfNoneMatch: true, checkIfMatch: true, onSaved: (s) => this.#onSaved(s) });
  }

  async #renderDoc(id: string): Promise<Rendered | undefined> {
    const doc = await this.database.getDocument(id);
    if (doc === undefined) return undefined;
    return { etag: docEtag(doc), body: renderDocPage(doc), deps: [{ key: docKey(id), rev: doc._rev }] };
  }

  async #renderGroup(name: string): Promise<Rendered> {
    const members = await this.database.groupMembers(name);
    // The page depends on each member's revision and on the membership itself (documents joining).
    const deps: Dependency[] = members.map((doc) => ({ key: docKey(doc._id), rev: doc._rev }));
    deps.push({ key: groupKey(name) });
    return { etag: groupEtag(members), body: renderGroupPage(name, members), deps };
  }

  /**
   * Back from an outage, nothing registered before it is trusted: the catch-up holds what this CouchDB node has,
   * and a cluster node back from a stop or a pause learns the writes made elsewhere meanwhile by internal
   * replication, after the feed is live again (they come later, or folded into a later revision). A page
   * registered before answers its next 304 after a fresh read, and a proxy in front drops what it holds.
   */
  #onFeedState(state: FeedState): void {
    if (state === 'down') this.#missedChanges = true;
    else if (state === 'live' && this.#missedChanges) {
      this.#missedChanges = false;
      const paths = this.#purger !== undefined && this.#purger.style !== 'xkey' ? this.#registry.paths() : [];
      this.#registry.clear();
      void this.#purger?.purge({ docIds: [], groups: [], paths, everything: true });
    }
  }

  #onSaved(saved: SavedRevision): Promise<void> | void {
    return this.#invalidate(saved.id, saved.rev, saved.doc?.group);
  }

  #onChange(change: ChangeEvent): void {
    void this.#invalidate(change.id, change.rev, change.doc?.group);
  }

  /** A document reached `rev`: its pages and the page of the group it is now in are out of date. */
  #invalidate(id: string, rev: string, group: unknown): Promise<void> | void {
    // The proxy may hold pages this registry knows depend on the document (a group it left): name them
    // before the registry forgets them.
    const paths = this.#purger !== undefined && this.#purger.style !== 'xkey' ? this.#registry.dependents(docKey(id)) : [];
    this.#registry.removeByKey(docKey(id), rev);
    // Leaving a group is covered by the member's own key; joining one needs the group's key.
    if (typeof group === 'string') this.#registry.removeByKey(groupKey(group));
    return this.#purger?.purge({ docIds: [id], groups: typeof group === 'string' ? [group] : [], paths });
  }
}

// Vary: Accept-Encoding on every 200 and 304 of a page, whatever this request accepted: the page CAN be sent in
// another coding, so a cache must not hand this copy to a request that accepts otherwise (RFC 9110 §12.5.5).
// Errors, JSON answers and /health are never coded and carry none.
function validators(etag: string) {
  return { etag, cacheControl: PAGE_CACHE_CONTROL, vary: PAGE_VARY };
}

/** If-None-Match names the page's ETag in some coding (weak comparison; `*` included). */
function matchesAnyCoding(condition: IfNoneMatch, etag: string): boolean {
  if (condition.any) return true;
  for (const tag of condition.tags) {
    if (codingNamed(tag, etag) !== undefined) return true;
  }
  return false;
}
