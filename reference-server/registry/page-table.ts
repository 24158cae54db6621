// The registered pages, in slots: parallel arrays indexed by a small integer, a page found by its path
// through one Map, freed slots reused. Node 20 has no pointer compression (8 B a pointer, 24 B an object
// header), so a page kept as three array cells and a flag byte costs about half of what an object would.
// Eviction is CLOCK: a hand sweeps the slots, a page used since the hand last passed keeps its place once.

import { isOpaqueTagOf } from '../http/if-none-match.js';

/** A page's dependencies: one key (its revision in `REV_IS_ETAG`, or none), or key → the revision read. */
export type PageDeps = string | ReadonlyMap<string, string | undefined>;

const USED = 1;
/** The single key's revision is the ETag's opaque-tag (a document page: ETag `"<rev>"`), so it is not stored. */
const REV_IS_ETAG = 2;

export class PageTable {
  readonly #slots = new Map<string, number>();
  readonly #paths: (string | undefined)[] = [];
  readonly #etags: string[] = [];
  readonly #deps: PageDeps[] = [];
  #flags = new Uint8Array(64);
  readonly #free: number[] = [];
  #hand = 0;

  get size(): number {
    return this.#slots.size;
  }

  slotOf(path: string): number | undefined {
    return this.#slots.get(path);
  }

  pathOf(slot: number): string {
    return this.#paths[slot]!;
  }

  etagOf(slot: number): string {
    return this.#etags[slot]!;
  }

  depsOf(slot: number): PageDeps {
    return this.#deps[slot]!;
  }

  markUsed(slot: number): void {
    this.#flags[slot]! |= USED;
  }

  /** Did the render of this page read `rev` of its dependency `key`? */
  readRev(slot: number, key: string, rev: string): boolean {
    const deps = this.#deps[slot]!;
    if (typeof deps !== 'string') return deps.get(key) === rev;
    return (this.#flags[slot]! & REV_IS_ETAG) !== 0 && isOpaqueTagOf(rev, this.#etags[slot]!);
  }

  /** Stores a page (its path must not be registered) and returns its slot. */
  add(path: string, etag: string, deps: readonly { readonly key: string; readonly rev?: string }[]): number {
    flatten(path);
    flatten(etag);
    const slot = this.#free.pop() ?? this.#paths.length;
    if (slot === this.#paths.length) {
      this.#paths.push(path);
      this.#etags.push(etag);
      this.#deps.push('');
      if (slot >= this.#flags.length) this.#grow();
    } else {
      this.#paths[slot] = path;
      this.#etags[slot] = etag;
    }
    const only = deps.length === 1 ? deps[0]! : undefined;
    if (only !== undefined && (only.rev === undefined || isOpaqueTagOf(only.rev, etag))) {
      this.#deps[slot] = flatten(only.key);
      this.#flags[slot] = only.rev === undefined ? 0 : REV_IS_ETAG;
    } else {
      this.#deps[slot] = new Map(deps.map((d) => [d.key, d.rev]));
      this.#flags[slot] = 0;
    }
    this.#slots.set(path, slot);
    return slot;
  }

  delete(slot: number): void {
    this.#slots.delete(this.#paths[slot]!);
    this.#paths[slot] = undefined;
    this.#etags[slot] = '';
    this.#deps[slot] = '';
    this.#flags[slot] = 0;
    this.#free.push(slot);
  }

  /** The slot CLOCK evicts next: the first page the hand reaches that was not used since it last passed. */
  victim(): number {
    for (;;) {
      const slot = this.#hand;
      this.#hand = slot + 1 < this.#paths.length ? slot + 1 : 0;
      if (this.#paths[slot] === undefined) continue;
      if ((this.#flags[slot]! & USED) === 0) return slot;
      this.#flags[slot]! &= ~USED;
    }
  }

  forEachSlot(visit: (slot: number) => void): void {
    for (const slot of this.#slots.values()) visit(slot);
  }

  clear(): void {
    this.#slots.clear();
    this.#paths.length = 0;
    this.#etags.length = 0;
    this.#deps.length = 0;
    this.#flags = new Uint8Array(64);
    this.#free.length = 0;
    this.#hand = 0;
  }

  #grow(): void {
    const flags = new Uint8Array(this.#flags.length * 2);
    flags.set(this.#flags);
    this.#flags = flags;
  }
}

/**
 * Reading a character makes V8 flatten a string built by concatenation (`"${rev}"`, `doc:${id}`) in place;
 * the next GC drops the pieces the registry would otherwise keep alive (about 60 B a document page).
 */
function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}
