// RFC 9110 §13.1.2 If-None-Match, parsed in one linear pass (no regular expression, so an 8 KiB header
// costs a scan of 8 KiB). Entries that are not well-formed entity-tags are dropped: a malformed header can
// cost a 200, never earn a 304.

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
const QUOTE = 0x22;
const COMMA = 0x2c;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09;
// etagc = %x21 / %x23-7E / obs-text
const isEtagChar = (c: number): boolean => c === 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;

export function parseIfNoneMatch(header: string | readonly string[] | undefined): IfNoneMatch | undefined {
  if (header === undefined) return undefined;
  const value = typeof header === 'string' ? header : header.join(', ');
  if (value.trim() === '*') return ANY;
  const tags: string[] = [];
  /** The first entity-tag is the whole header (nothing before or after it). */
  let whole = false;
  const n = value.length;
  let i = 0;
  while (i < n) {
    const c = value.charCodeAt(i);
    if (isSpace(c) || c === COMMA) {
      i++;
      continue;
    }
    let start = i;
    if (c === 0x57 /* W */ && value.charCodeAt(i + 1) === 0x2f /* / */) start += 2;
    let ok = value.charCodeAt(start) === QUOTE;
    let j = start + 1;
    if (ok) {
      while (j < n && isEtagChar(value.charCodeAt(j))) j++;
      ok = j < n && value.charCodeAt(j) === QUOTE;
    }
    if (ok) {
      let k = j + 1;
      while (k < n && isSpace(value.charCodeAt(k))) k++;
      ok = k === n || value.charCodeAt(k) === COMMA;
      if (ok) {
        if (tags.length === 0) whole = i === 0 && j === n - 1;
        tags.push(value.slice(start + 1, j));
      }
      i = k;
    }
    // Malformed element: skip to the next comma and keep going.
    if (!ok) {
      while (i < n && value.charCodeAt(i) !== COMMA) i++;
    }
  }
  // The usual header, one ETag sent back verbatim: kept whole, so that a 304 needs no new string for it.
  if (tags.length === 1 && whole) return { any: false, tags, only: value };
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
