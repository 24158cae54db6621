// If-None-Match / If-Match parsing for the document routes (RFC 9110 §13.1): one linear pass, no regex.

/** True when the If-None-Match field value matches `etag` (a quoted tag) by weak comparison, or is "*". */
export function ifNoneMatchMatches(field: string, etag: string): boolean {
  const wanted = etag.startsWith('W/') ? etag.slice(2) : etag;
  let i = 0;
  while (i < field.length) {
    const c = field[i];
    if (c === ' ' || c === '\t' || c === ',') {
      i += 1;
      continue;
    }
    if (c === '*') return true;
    if (c === 'W' && field[i + 1] === '/') i += 2;
    if (field[i] !== '"') {
      // Not an entity-tag: skip to the next list member.
      while (i < field.length && field[i] !== ',') i += 1;
      continue;
    }
    const end = field.indexOf('"', i + 1);
    if (end < 0) return false;
    if (field.slice(i, end + 1) === wanted) return true;
    i = end + 1;
  }
  return false;
}

/** The revision an If-Match header names (`"1-abc"`, `W/"1-abc"` or bare `1-abc`), if any. */
export function revFromIfMatch(field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  let value = field.trim();
  if (value.startsWith('W/')) value = value.slice(2);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value === '' ? undefined : value;
}
