// Names a request by its route template ("GET /{db}/{id}"), so request counts are comparable across
// documents and databases. Works on raw (still percent-encoded) segments: "a%2Fb" stays one id.

/** The path's segments, raw; a trailing slash is ignored as CouchDB does. */
export function splitPath(path: string): string[] {
  const segments = path.split('/').slice(1);
  while (segments.length > 0 && segments[segments.length - 1] === '') segments.pop();
  return segments;
}

function decodedStartsWith(segment: string, prefix: string): boolean {
  return segment.startsWith(prefix) || segment.toLowerCase().startsWith(prefix.replace('/', '%2f'));
}

function templateOf(segments: string[]): string {
  const [first, second, third, fourth] = segments;
  if (first === undefined) return '/';
  if (first.startsWith('_')) return segments.length === 1 ? `/${first}` : `/${first}/{path}`;
  if (second === undefined) return '/{db}';
  if (second === '_design' || second === '_local') {
    const id = second === '_design' ? '{ddoc}' : '{id}';
    if (third === undefined) return `/{db}/${second}`;
    if (fourth === undefined) return `/{db}/${second}/${id}`;
    if (fourth.startsWith('_'))
      return segments.length === 5 ? `/{db}/${second}/${id}/${fourth}/{${fourth.slice(1)}}` : `/{db}/${second}/${id}/${fourth}/{path}`;
    return `/{db}/${second}/${id}/{attachment}`;
  }
  if (decodedStartsWith(second, '_design/')) return segments.length === 2 ? '/{db}/_design/{ddoc}' : '/{db}/_design/{ddoc}/{path}';
  if (decodedStartsWith(second, '_local/')) return '/{db}/_local/{id}';
  if (second.startsWith('_')) return segments.length === 2 ? `/{db}/${second}` : `/{db}/${second}/{path}`;
  return segments.length === 2 ? '/{db}/{id}' : '/{db}/{id}/{attachment}';
}

/** "METHOD /template", e.g. "GET /{db}/_design/{ddoc}/_view/{view}". */
export function routeTemplate(method: string, segments: string[]): string {
  return `${method} ${templateOf(segments)}`;
}
