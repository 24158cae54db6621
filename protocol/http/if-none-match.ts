// RFC 9110 §13.1.2 If-None-Match: its list read by entity-tag-list.ts, compared weakly.

import { headerValue, isSingleEntityTag, opaqueTags } from './entity-tag-list.js';

/** `*`, or the opaque-tags listed (quotes and any `W/` removed: If-None-Match uses weak comparison). */
export type IfNoneMatch =
  | { readonly any: true }
  | {
      readonly any: false;
      readonly tags: readonly string[];
      /** The header itself when it is exactly one entity-tag (`"x"` or `W/"x"`): a 304 can send it back as is. */
      readonly only?: string;
    };

const ANY: IfNoneMatch = { any: true };

export function parseIfNoneMatch(header: string | readonly string[] | undefined): IfNoneMatch | undefined {
  if (header === undefined) return undefined;
  const value = headerValue(header);
  if (value.trim() === '*') return ANY;
  const tags = opaqueTags(value, true);
  // The usual header, one ETag sent back verbatim: kept whole, so that a 304 needs no new string for it.
  if (tags.length === 1 && isSingleEntityTag(value, tags[0]!)) return { any: false, tags, only: value };
  return { any: false, tags };
}

/** The opaque-tag of an entity-tag as a server writes it (`"x"` or `W/"x"`), for weak comparison. */
export function opaqueTag(etag: string): string {
  const start = etag.startsWith('W/') ? 2 : 0;
  return etag.slice(start + 1, etag.length - 1);
}

/** Is `tag` the opaque-tag of `etag` (`"tag"` or `W/"tag"`)? Compared in place: no slice on the 304 path. */
export function isOpaqueTagOf(tag: string, etag: string): boolean {
  const start = etag.charCodeAt(0) === 0x57 /* W */ && etag.charCodeAt(1) === 0x2f /* / */ ? 3 : 1;
  // indexOf, not startsWith(tag, start): V8 takes a slow path for startsWith with a position (~2× here).
  return tag.length === etag.length - start - 1 && etag.indexOf(tag, start) === start;
}

/** Weak comparison of a condition against the current entity-tag (`*` matches any current representation). */
export function matchesCurrent(condition: IfNoneMatch, currentEtag: string): boolean {
  if (condition.any) return true;
  for (const tag of condition.tags) {
    if (isOpaqueTagOf(tag, currentEtag)) return true;
  }
  return false;
}
