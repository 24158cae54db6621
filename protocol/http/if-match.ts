// RFC 9110 §13.1.1 If-Match, two readings of one header:
//  - parseIfMatch/strongMatch: the precondition, as an origin server evaluates it. If-Match uses the STRONG
//    comparison (§8.8.3.2): a weak entity-tag (`W/"x"`) never matches, on either side. Elements that are not
//    well-formed entity-tags are dropped (a malformed header can cost a 412, never earn a write).
//  - revFromIfMatch: CouchDB's own reading of the header as the revision to update (lenient: `"1-abc"`,
//    `W/"1-abc"` or a bare `1-abc`), used where the app only passes writes through.

/** `*`, or the strong opaque-tags listed (quotes removed; weak elements are kept out: they can never match). */
export type IfMatch = { readonly any: true } | { readonly any: false; readonly tags: readonly string[] };

const ANY: IfMatch = { any: true };
const QUOTE = 0x22;
const COMMA = 0x2c;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09;
// etagc = %x21 / %x23-7E / obs-text
const isEtagChar = (c: number): boolean => c === 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;

/** The If-Match precondition, undefined when the request has none. One linear pass, no regular expression. */
export function parseIfMatch(header: string | readonly string[] | undefined): IfMatch | undefined {
  if (header === undefined) return undefined;
  const value = typeof header === 'string' ? header : header.join(', ');
  if (value.trim() === '*') return ANY;
  const tags: string[] = [];
  const n = value.length;
  let i = 0;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (isSpace(c) || c === COMMA) {
      i++;
      continue;
    }
    const weak = c === 0x57 /* W */ && value.charCodeAt(i + 1) === 0x2f; /* / */
    const start = weak ? i + 2 : i;
    let j = start + 1;
    let ok = value.charCodeAt(start) === QUOTE;
    if (ok) {
      while (j < n && isEtagChar(value.charCodeAt(j))) j++;
      ok = j < n && value.charCodeAt(j) === QUOTE;
    }
    let k = j + 1;
    if (ok) {
      while (k < n && isSpace(value.charCodeAt(k))) k++;
      ok = k === n || value.charCodeAt(k) === COMMA;
    }
    if (ok) {
      if (!weak) tags.push(value.slice(start + 1, j));
      i = k;
    } else {
      while (i < n && value.charCodeAt(i) !== COMMA) i++;
    }
  }
  return { any: false, tags };
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
