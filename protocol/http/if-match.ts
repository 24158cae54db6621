// CouchDB reads `If-Match` as the revision to update: `"1-abc"`, `W/"1-abc"` or a bare `1-abc`.

/** The revision an If-Match header names, if any. */
export function revFromIfMatch(field: string | readonly string[] | undefined): string | undefined {
  if (typeof field !== 'string') return undefined;
  let value = field.trim();
  if (value.startsWith('W/')) value = value.slice(2);
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  return value === '' ? undefined : value;
}
