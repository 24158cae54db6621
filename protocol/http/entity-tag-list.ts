// A comma-separated list of entity-tags (RFC 9110 §8.8.3), as If-Match and If-None-Match carry it, read in one
// linear pass (no regular expression, so an 8 KiB header costs a scan of 8 KiB). Elements that are not well-formed
// entity-tags are dropped: a malformed header can cost a 200 or a 412, never earn a 304 or a write.

const QUOTE = 0x22;
const COMMA = 0x2c;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x09;
// etagc = %x21 / %x23-7E / obs-text
const isEtagChar = (c: number): boolean => c === 0x21 || (c >= 0x23 && c <= 0x7e) || c >= 0x80;

/** The header's value: repeated fields joined as one list. */
export function headerValue(header: string | readonly string[]): string {
  return typeof header === 'string' ? header : header.join(', ');
}

/**
 * The opaque-tags listed (quotes and any `W/` removed), in order. `keepWeak` false leaves weak elements out (a
 * strong comparison can never match them).
 */
export function opaqueTags(value: string, keepWeak: boolean): string[] {
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
      if (ok && (keepWeak || !weak)) tags.push(value.slice(start + 1, j));
      i = k;
    }
    // Malformed element: skip to the next comma and keep going.
    if (!ok) {
      while (i < n && value.charCodeAt(i) !== COMMA) i++;
    }
  }
  return tags;
}

/** Is `value` exactly the one entity-tag `"tag"` or `W/"tag"` (nothing around it)? Checked in place. */
export function isSingleEntityTag(value: string, tag: string): boolean {
  const start = value.charCodeAt(0) === 0x57 /* W */ && value.charCodeAt(1) === 0x2f /* / */ ? 2 : 0;
  return value.length === start + tag.length + 2 && value.charCodeAt(start) === QUOTE && value.charCodeAt(value.length - 1) === QUOTE;
}
