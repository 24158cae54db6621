// The registry of valid ETags: which page currently has which ETag, and which keys (document ids, group
// memberships) each page depends on. No HTTP and no CouchDB here, so the rules are tested alone.
//
//   check         a request's If-None-Match names the page's registered ETag → the caller answers 304
//   set           a fresh render registers the page's ETag and its dependencies
//   remove        forget every page carrying an ETag
//   removeByKey   a key changed → every page depending on it is forgotten
//
// Every operation costs O(1) per dependency it touches (eviction amortised; `remove` indexes the ETags on its
// first call, O(pages) once, since the reference never calls it). Memory is bounded by
// `maxPages` (pages are evicted least recently used first, by the CLOCK approximation; an eviction costs a
// 200 later, never a stale 304), plus one small record per key seen.

import { opaqueTag, type IfNoneMatch } from '../../protocol/http/if-none-match.js';
import type { Coding } from './coded-etag.js';
import { PageIndex } from './page-index.js';
import { PageTable } from './page-table.js';
import { generationOf } from './revision.js';

/** A key a page depends on; `rev` is the revision the render read, when the key is a document. */
export interface Dependency {
  readonly key: string;
  readonly rev?: string;
}

/** Taken before a render reads anything; `set` refuses a render that an invalidation overtook. */
export type RenderTicket = number;

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
  readonly #pages = new PageTable();
  /** key → the pages depending on it (the revision each read is in the page table). */
  readonly #pagesByKey = new PageIndex();
  /** opaque-tag → pages; built on the first `remove` (the reference never calls it), kept up to date after. */
  #pagesByOpaque: PageIndex | undefined;
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
   * When the condition names the page's registered ETag in any content-coding (weak comparison; `*` included),
   * the ETag of the page in `coding`: the caller answers 304 with it. Undefined otherwise.
   */
  check(page: string, condition: IfNoneMatch, coding: Coding = 'identity'): string | undefined {
    const slot = this.#pages.slotOf(page);
    if (slot === undefined) return undefined;
    const etag = this.#pages.matchingEtag(slot, condition, coding);
    if (etag === undefined) return undefined;
    this.#pages.markUsed(slot);
    return etag;
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
    const previous = this.#pages.slotOf(page);
    if (previous !== undefined) this.#forget(previous);
    else if (this.#pages.size >= this.maxPages) this.#evict();
    const slot = this.#pages.add(page, etag, deps);
    for (const dep of deps) this.#pagesByKey.add(dep.key, slot);
    this.#pagesByOpaque?.add(opaqueTag(etag), slot);
    return true;
  }

  /** Forgets every page whose ETag has this opaque-tag. Returns how many pages were forgotten. */
  remove(etag: string): number {
    const slots = this.#opaqueIndex().slotsOf(opaqueTag(etag));
    for (const slot of slots) this.#forget(slot);
    return slots.length;
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
    let forgotten = 0;
    for (const slot of this.#pagesByKey.slotsOf(key)) {
      if (rev !== undefined && this.#pages.readRev(slot, key, rev)) continue;
      this.#forget(slot);
      forgotten++;
    }
    return forgotten;
  }

  /** The pages registered as depending on a key (e.g. the group pages listing a document). */
  dependents(key: string): string[] {
    return this.#pagesByKey.slotsOf(key).map((slot) => this.#pages.pathOf(slot));
  }

  /** Every registered page's path. */
  paths(): string[] {
    const paths: string[] = [];
    this.#pages.forEachSlot((slot) => paths.push(this.#pages.pathOf(slot)));
    return paths;
  }

  /** Forgets everything, keeping the revision floors (used when invalidations may have been missed). */
  clear(): void {
    this.#pages.clear();
    this.#pagesByKey.clear();
    this.#pagesByOpaque?.clear();
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

  #opaqueIndex(): PageIndex {
    if (this.#pagesByOpaque === undefined) {
      this.#pagesByOpaque = new PageIndex();
      this.#pages.forEachSlot((slot) => this.#pagesByOpaque!.add(opaqueTag(this.#pages.etagOf(slot)), slot));
    }
    return this.#pagesByOpaque;
  }

  #forget(slot: number): void {
    const deps = this.#pages.depsOf(slot);
    if (typeof deps === 'string') this.#pagesByKey.delete(deps, slot);
    else for (const key of deps.keys()) this.#pagesByKey.delete(key, slot);
    this.#pagesByOpaque?.delete(opaqueTag(this.#pages.etagOf(slot)), slot);
    this.#pages.delete(slot);
  }

  /** Evicts the page CLOCK picks: the least recently used, approximately. */
  #evict(): void {
    this.#forget(this.#pages.victim());
    this.#evictions++;
  }
}
