// The registry of valid ETags: which page currently has which ETag, and which keys (document ids, group
// memberships) each page depends on. No HTTP and no CouchDB here, so the rules are tested alone.
//
//   check         a request's If-None-Match names the page's registered ETag → the caller answers 304
//   set           a fresh render registers the page's ETag and its dependencies
//   remove        forget every page carrying an ETag
//   removeByKey   a key changed → every page depending on it is forgotten
//
// Every operation costs O(1) per dependency it touches. Memory is bounded by `maxPages` (least recently
// used pages are evicted, which costs a 200 later, never a stale 304), plus one small record per key seen.

import { matchesCurrent, opaqueTag, type IfNoneMatch } from '../http/if-none-match.js';
import { generationOf } from './revision.js';

/** A key a page depends on; `rev` is the revision the render read, when the key is a document. */
export interface Dependency {
  readonly key: string;
  readonly rev?: string;
}

/** Taken before a render reads anything; `set` refuses a render that an invalidation overtook. */
export type RenderTicket = number;

interface Page {
  readonly etag: string;
  readonly opaque: string;
  /** Key → the revision the render read (undefined for keys without revisions). */
  readonly deps: ReadonlyMap<string, string | undefined>;
}

interface KeyState {
  /** The newest revision an invalidation announced for this key (documents only). */
  rev?: string;
  gen: number;
  /** Clock value of the key's last invalidation. */
  invalidatedAt: number;
}

export interface EtagRegistryOptions {
  /** Upper bound on registered pages; the least recently used page is evicted beyond it. */
  readonly maxPages?: number;
}

export const DEFAULT_MAX_PAGES = 100_000;

export class EtagRegistry {
  readonly maxPages: number;
  // A Map iterates in insertion order: re-inserting on use keeps the least recently used page first.
  readonly #pages = new Map<string, Page>();
  readonly #pagesByOpaque = new Map<string, Set<string>>();
  readonly #pagesByKey = new Map<string, Set<string>>();
  readonly #keys = new Map<string, KeyState>();
  #clock = 0;
  #evictions = 0;

  constructor(options: EtagRegistryOptions = {}) {
    const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
    if (!Number.isSafeInteger(maxPages) || maxPages < 1) {
      throw new RangeError(`maxPages must be a positive integer, not ${maxPages}`);
    }
    this.maxPages = maxPages;
  }

  /**
   * The page's registered ETag when the condition names it (weak comparison; `*` included): the caller
   * answers 304 with it. Undefined otherwise.
   */
  check(page: string, condition: IfNoneMatch): string | undefined {
    const entry = this.#pages.get(page);
    if (entry === undefined || !matchesCurrent(condition, entry.etag)) return undefined;
    this.#pages.delete(page);
    this.#pages.set(page, entry);
    return entry.etag;
  }

  /** Call before a render reads the database; pass the ticket to `set`. */
  beginRender(): RenderTicket {
    return this.#clock;
  }

  /**
   * Registers a page's ETag unless the render is already out of date: a dependency on a revision older
   * than one an invalidation announced (compared by generation), or a key without a revision that was
   * invalidated after the render began. Returns whether the page was registered.
   */
  set(page: string, etag: string, deps: readonly Dependency[], ticket: RenderTicket): boolean {
    for (const dep of deps) {
      if (this.#isOutdated(dep, ticket)) return false;
    }
    this.#forget(page);
    const entry: Page = { etag, opaque: opaqueTag(etag), deps: new Map(deps.map((d) => [d.key, d.rev])) };
    this.#pages.set(page, entry);
    addToIndex(this.#pagesByOpaque, entry.opaque, page);
    for (const key of entry.deps.keys()) addToIndex(this.#pagesByKey, key, page);
    if (this.#pages.size > this.maxPages) this.#evictOldest();
    return true;
  }

  /** Forgets every page whose ETag has this opaque-tag. Returns how many pages were forgotten. */
  remove(etag: string): number {
    const pages = this.#pagesByOpaque.get(opaqueTag(etag));
    if (pages === undefined) return 0;
    const forgotten = [...pages];
    for (const page of forgotten) this.#forget(page);
    return forgotten.length;
  }

  /**
   * A key changed. With `rev` (a document's new revision), pages that already show that revision stay
   * valid and the revision is remembered as the floor for later `set` calls; without it, every page that
   * depends on the key is forgotten. Returns how many pages were forgotten.
   */
  removeByKey(key: string, rev?: string): number {
    const state = this.#keyState(key);
    state.invalidatedAt = ++this.#clock;
    if (rev !== undefined) {
      const gen = generationOf(rev);
      if (!(gen < state.gen)) {
        state.gen = Number.isNaN(gen) ? state.gen : gen;
        state.rev = rev;
      }
    }
    const pages = this.#pagesByKey.get(key);
    if (pages === undefined) return 0;
    let forgotten = 0;
    for (const page of [...pages]) {
      if (rev !== undefined && this.#pages.get(page)?.deps.get(key) === rev) continue;
      this.#forget(page);
      forgotten++;
    }
    return forgotten;
  }

  /** Forgets everything, keeping the revision floors (used when invalidations may have been missed). */
  clear(): void {
    this.#pages.clear();
    this.#pagesByOpaque.clear();
    this.#pagesByKey.clear();
    this.#clock++;
    for (const state of this.#keys.values()) state.invalidatedAt = this.#clock;
  }

  get size(): number {
    return this.#pages.size;
  }

  get evictions(): number {
    return this.#evictions;
  }

  #isOutdated(dep: Dependency, ticket: RenderTicket): boolean {
    const state = this.#keys.get(dep.key);
    if (state === undefined) return false;
    if (dep.rev === undefined) return state.invalidatedAt > ticket;
    const gen = generationOf(dep.rev);
    if (Number.isNaN(gen)) return true;
    // Same generation but another revision: a conflict branch; we cannot tell which wins, so do not cache.
    return gen < state.gen || (gen === state.gen && state.rev !== undefined && dep.rev !== state.rev);
  }

  #keyState(key: string): KeyState {
    let state = this.#keys.get(key);
    if (state === undefined) {
      state = { gen: 0, invalidatedAt: 0 };
      this.#keys.set(key, state);
    }
    return state;
  }

  #forget(page: string): void {
    const entry = this.#pages.get(page);
    if (entry === undefined) return;
    this.#pages.delete(page);
    removeFromIndex(this.#pagesByOpaque, entry.opaque, page);
    for (const key of entry.deps.keys()) removeFromIndex(this.#pagesByKey, key, page);
  }

  #evictOldest(): void {
    const oldest = this.#pages.keys().next();
    if (oldest.done) return;
    this.#forget(oldest.value);
    this.#evictions++;
  }
}

function addToIndex(index: Map<string, Set<string>>, key: string, page: string): void {
  let pages = index.get(key);
  if (pages === undefined) {
    pages = new Set();
    index.set(key, pages);
  }
  pages.add(page);
}

function removeFromIndex(index: Map<string, Set<string>>, key: string, page: string): void {
  const pages = index.get(key);
  if (pages === undefined) return;
  pages.delete(page);
  if (pages.size === 0) index.delete(key);
}
