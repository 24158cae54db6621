// A faithful port of the seed's Pylons algorithm, flaws and all, so that the harness can show them:
//  - one global list of valid ETags, searched linearly, whatever page the request is for (a page's ETag
//    is valid for every other page: cross-resource 304s);
//  - a `keys` map from document id to its last ETag (its `_rev`);
//  - invalidation only in the save handler: writes straight to CouchDB are never seen (stale 304s);
//  - a group page keyed on its first document only: its ETag is that document's `_rev`, so updates of other
//    members and documents joining or leaving never change it;
//  - the seed's If-None-Match regex, which also reads tags out of malformed headers;
//  - the 304 drops Content-Type, Cache-Control and Pragma (the 200 had Cache-Control).

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ChangesFollower } from '../couch/changes-follower.js';
import type { CouchDocument, Database } from '../couch/database.js';
import { PAGE_CACHE_CONTROL, sendError, sendPage } from '../http/respond.js';
import { renderDocPage, renderGroupPage } from '../render/pages.js';
import { deleteThroughApp, saveThroughApp, type SavedRevision } from './app-writes.js';
import type { HealthReport, PageRoute, RoutedImplementation } from './implementation.js';

// The seed's pattern, applied repeatedly over the header (Python's re.findall).
const SEED_IF_NONE_MATCH = /(?:W\/)?(?:"([^"]*)",?\s*)/g;

/** The seed's ETagCache: check, set, remove, remove_by_key over a list and a dict. */
export class SeedEtagCache {
  readonly etags: string[] = [];
  readonly keys = new Map<string, string>();

  check(header: string | undefined): string | undefined {
    if (header === undefined) return undefined;
    for (const match of header.matchAll(SEED_IF_NONE_MATCH)) {
      const etag = match[1] ?? '';
      if (this.etags.includes(etag)) return etag;
    }
    return undefined;
  }

  set(key: string, etag: string): void {
    if (!this.etags.includes(etag)) this.etags.push(etag);
    this.keys.set(key, etag);
  }

  remove(etag: string): void {
    const at = this.etags.indexOf(etag);
    if (at !== -1) this.etags.splice(at, 1);
  }

  removeByKey(key: string): void {
    const etag = this.keys.get(key);
    if (etag === undefined) return;
    this.remove(etag);
    this.keys.delete(key);
  }
}

export class SeedImplementation implements RoutedImplementation {
  readonly name: string;
  readonly #cache = new SeedEtagCache();
  readonly #follower: ChangesFollower | undefined;

  /**
   * `followChanges`: what the seed proposes at its end (`seed-changes`): follow CouchDB's _changes feed and
   * call remove_by_key for each changed id. Its other flaws stay.
   */
  constructor(
    private readonly database: Database,
    options: { followChanges?: boolean } = {},
  ) {
    this.name = options.followChanges ? 'seed-changes' : 'seed';
    this.#follower = options.followChanges ? new ChangesFollower(database, (change) => this.#cache.removeByKey(change.id)) : undefined;
  }

  async start(): Promise<void> {
    await this.database.prepare();
    await this.#follower?.start();
  }

  async stop(): Promise<void> {
    await this.#follower?.stop();
  }

  health(): HealthReport {
    return { status: 'ok', etags: this.#cache.etags.length, ...(this.#follower ? { feed: this.#follower.status } : {}) };
  }

  async read(req: IncomingMessage, res: ServerResponse, route: PageRoute): Promise<void> {
    const hit = this.#cache.check(headerOf(req, 'if-none-match'));
    if (hit !== undefined) {
      // The seed answers from the list, then strips the headers Pylons had set.
      res.statusCode = 304;
      res.setHeader('ETag', `"${hit}"`);
      res.end();
      return;
    }
    if (route.kind === 'doc') {
      const doc = await this.database.getDocument(route.name);
      if (doc === undefined) return sendError(res, 404, 'not_found', 'missing');
      this.#cache.set(doc._id, doc._rev);
      return sendPage(req, res, renderDocPage(doc), { etag: `"${doc._rev}"`, cacheControl: PAGE_CACHE_CONTROL });
    }
    const members = await this.database.groupMembers(route.name);
    const first: CouchDocument | undefined = members[0];
    if (first === undefined) return sendPage(req, res, renderGroupPage(route.name, members), { cacheControl: PAGE_CACHE_CONTROL });
    this.#cache.set(first._id, first._rev);
    sendPage(req, res, renderGroupPage(route.name, members), { etag: `"${first._rev}"`, cacheControl: PAGE_CACHE_CONTROL });
  }

  save(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return saveThroughApp(req, res, this.database, id, { checkIfNoneMatch: false, onSaved: (s) => this.#onSaved(s) });
  }

  remove(req: IncomingMessage, res: ServerResponse, id: string): Promise<void> {
    return deleteThroughApp(req, res, this.database, id, { checkIfNoneMatch: false, onSaved: (s) => this.#onSaved(s) });
  }

  #onSaved(saved: SavedRevision): void {
    this.#cache.removeByKey(saved.id);
  }
}

function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}
