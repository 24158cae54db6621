// The registered pages, in slots: parallel arrays indexed by a small integer, a page found by its path
// through one Map, freed slots reused. Node 20 has no pointer compression (8 B a pointer, 24 B an object
// header), so a page kept as three array cells and a flag byte costs about half of what an object would.
// Eviction is CLOCK: a hand sweeps the slots, a page used since the hand last passed keeps its place once.
// A document page's ETag, `"<rev>"`, is kept packed (packed-revision.ts): 20 B in a typed array, not a string;
// other ETags (group pages, foreign shapes) are strings in a side map.

import { isOpaqueTagOf, type IfNoneMatch } from '../../protocol/http/if-none-match.js';
import { type Coding, codedEtag, codingNamed, codingOfTag, suffixLength } from './coded-etag.js';
import { isPackedRevision, packRevision, REVISION_WORDS, unpackRevision } from './packed-revision.js';

/** A page's dependencies: one key (its revision in `REV_IS_ETAG`, or none), or key → the revision read. */
export type PageDeps = string | ReadonlyMap<string, string | undefined>;

const USED = 1;
/** The single key's revision is the ETag's opaque-tag (a document page: ETag `"<rev>"`), so it is not stored. */
const REV_IS_ETAG = 2;
/** The ETag is a packed revision (in #revisions; no string kept). */
const PACKED = 4;
/** A packed ETag is weak (`W/"<rev>"`). */
const WEAK = 8;
const INITIAL_SLOTS = 64;

export class PageTable {
  readonly #slots = new Map<string, number>();
  readonly #paths: (string | undefined)[] = [];
  /** The ETags that are not packed, by slot. */
  readonly #otherEtags = new Map<number, string>();
  readonly #deps: PageDeps[] = [];
  #flags = new Uint8Array(INITIAL_SLOTS);
  #revisions = new Uint32Array(INITIAL_SLOTS * REVISION_WORDS);
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
    const flags = this.#flags[slot]!;
    if ((flags & PACKED) === 0) return this.#otherEtags.get(slot)!;
    const rev = unpackRevision(this.#revisions, slot * REVISION_WORDS);
    return (flags & WEAK) !== 0 ? `W/"${rev}"` : `"${rev}"`;
  }

  /**
   * The ETag a 304 sends when the condition names the page's ETag in any coding (weak comparison, `*` included):
   * the ETag of the representation the request selects (`coding`; RFC 9110 §15.4.5), else undefined.
   */
  matchingEtag(slot: number, condition: IfNoneMatch, coding: Coding = 'identity'): string | undefined {
    const flags = this.#flags[slot]!;
    if ((flags & PACKED) === 0) {
      const etag = this.#otherEtags.get(slot)!;
      if (condition.any) return codedEtag(etag, coding);
      for (const tag of condition.tags) {
        if (codingNamed(tag, etag) !== undefined) return codedEtag(etag, coding);
      }
      return undefined;
    }
    if (condition.any) return codedEtag(this.etagOf(slot), coding);
    const weak = (flags & WEAK) !== 0;
    for (const tag of condition.tags) {
      // A revision never ends in a coding's suffix (32 hex digits), so the suffix read off the tag is the coding.
      const named = codingOfTag(tag);
      const end = tag.length - suffixLength(named);
      if (!this.#isRevision(slot, tag, end)) continue;
      // The tag equals the packed revision byte for byte, so the ETag is the tag quoted: the header itself
      // when it is that one ETag in the selected coding with the same weakness (no string made on the usual
      // 304), else built.
      const only = condition.only;
      if (named === coding && only !== undefined && (only.charCodeAt(0) === 0x57) /* W */ === weak) return only;
      const etag = weak ? `W/"${tag.slice(0, end)}"` : `"${tag.slice(0, end)}"`;
      return codedEtag(etag, coding);
    }
    return undefined;
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
    const flags = this.#flags[slot]!;
    if ((flags & REV_IS_ETAG) === 0) return false;
    return (flags & PACKED) !== 0 ? this.#isRevision(slot, rev) : isOpaqueTagOf(rev, this.#otherEtags.get(slot)!);
  }

  /** Stores a page (its path must not be registered) and returns its slot. */
  add(path: string, etag: string, deps: readonly { readonly key: string; readonly rev?: string }[]): number {
    flatten(path);
    const slot = this.#free.pop() ?? this.#paths.length;
    if (slot === this.#paths.length) {
      this.#paths.push(path);
      this.#deps.push('');
      if (slot >= this.#flags.length) this.#grow();
    } else {
      this.#paths[slot] = path;
    }
    let flags = 0;
    const only = deps.length === 1 ? deps[0]! : undefined;
    if (only !== undefined && (only.rev === undefined || isOpaqueTagOf(only.rev, etag))) {
      this.#deps[slot] = flatten(only.key);
      if (only.rev !== undefined) flags = REV_IS_ETAG;
    } else {
      this.#deps[slot] = new Map(deps.map((d) => [d.key, d.rev]));
    }
    const weak = etag.charCodeAt(0) === 0x57 /* W */ && etag.charCodeAt(1) === 0x2f /* / */;
    const start = weak ? 3 : 1;
    const quoted = etag.charCodeAt(start - 1) === 0x22 /* " */ && etag.charCodeAt(etag.length - 1) === 0x22;
    if (quoted && packRevision(etag, start, etag.length - 1, this.#revisions, slot * REVISION_WORDS)) {
      flags |= PACKED | (weak ? WEAK : 0);
    } else {
      this.#otherEtags.set(slot, flatten(etag));
    }
    this.#flags[slot] = flags;
    this.#slots.set(path, slot);
    return slot;
  }

  delete(slot: number): void {
    this.#slots.delete(this.#paths[slot]!);
    this.#paths[slot] = undefined;
    this.#otherEtags.delete(slot);
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
    this.#otherEtags.clear();
    this.#deps.length = 0;
    this.#flags = new Uint8Array(INITIAL_SLOTS);
    this.#revisions = new Uint32Array(INITIAL_SLOTS * REVISION_WORDS);
    this.#free.length = 0;
    this.#hand = 0;
  }

  #isRevision(slot: number, tag: string, end = tag.length): boolean {
    return isPackedRevision(tag, this.#revisions, slot * REVISION_WORDS, end);
  }

  #grow(): void {
    this.#flags = grown(this.#flags, new Uint8Array(this.#flags.length * 2));
    this.#revisions = grown(this.#revisions, new Uint32Array(this.#revisions.length * 2));
  }
}

function grown<T extends Uint8Array | Uint32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/**
 * Reading a character makes V8 flatten a string built by concatenation (`"${rev}"`, `doc:${id}`) in place;
 * the next GC drops the pieces the registry would otherwise keep alive (about 60 B a document page).
 */
function flatten(text: string): string {
  text.charCodeAt(0);
  return text;
}
