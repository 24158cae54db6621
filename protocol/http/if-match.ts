// RFC 9110 §13.1.1 If-Match, two readings of one header:
//  - parseIfMatch/strongMatch: the precondition, as an origin server evaluates it. If-Match uses the STRONG
//    comparison (§8.8.3.2): a weak entity-tag (`W/"x"`) never matches, on either side. Elements that are not
//    well-formed entity-tags are dropped (entity-tag-list.ts: a malformed header can cost a 412, never earn a write).
//  - revFromIfMatch: CouchDB's own reading of the header as the revision to update (lenient: `"1-abc"`,
//    `W/"1-abc"` or a bare `1-abc`), used where the app only passes writes through.

import { headerValue, opaqueTags } from './entity-tag-list.js';

/** `*`, or the strong opaque-tags listed (quotes removed; weak elements are kept out: they can never match). */
export type IfMatch = { readonly any: true } | { readonly any: false; readonly tags: readonly string[] };

const ANY: IfMatch = { any: true };
const QUOTE = 0x22;

/** The If-Match precondition, undefined when the request has none. */
export function parseIfMatch(header: string | readonly string[] | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const value = headerValue(header);
  if (value.trim() === '*') return ANY;
  return { any: false, tags: opaqueTags(value, false) };
}

/**
 * Strong comparison of an If-Match list against the selected representation's entity-tag (`"x"`; a weak
 * `W/"x"` never matches). `*` is true whenever there is a current representation (the caller knows).
 */
export function strongMatch(condition: IfMatch, currentEtag: string): boolean {
  if (condition.any) return true;
  if (currentEtag.charCodeAt(0) !== QUOTE) return false;
  for (const tag of condition.tags) {
    if (tag.length === currentEtag.length - 2 && currentEtag.indexOf(tag, 1) === 1) return true;
  }
  return false;
}

/** The revision an If-Match header names for CouchDB, if any. */
export function revFromIfMatch(field: string | readonly string[] | undefined): string | undefined {
  if (typeof field !== 'string') return undefined;
  let value = field.trim();
  if (value.startsWith('W/')) value = value.slice(2);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value === '' ? undefined : value;
}
