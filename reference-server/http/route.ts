// The routes every implementation serves (the implementation contract, docs/architecture.md), and the id check that keeps requests for
// system paths or traversals from ever reaching CouchDB.

export type Route =
  | { readonly kind: 'health' }
  | { readonly kind: 'doc'; readonly id: string; readonly page: string }
  | { readonly kind: 'group'; readonly name: string; readonly page: string }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'not-found' };

const NOT_FOUND: Route = { kind: 'not-found' };

/** Routes a request target (path and query) without touching anything else. */
export function routeOf(target: string): Route {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  if (path === '/health') return { kind: 'health' };
  // A name that needed no decoding makes the path itself the page key: no string built per request.
  if (path.startsWith('/doc/')) {
    const raw = path.slice(5);
    const id = decodeName(raw);
    if (typeof id !== 'string') return id;
    return { kind: 'doc', id, page: id === raw ? path : `/doc/${id}` };
  }
  if (path.startsWith('/group/')) {
    const raw = path.slice(7);
    const name = decodeName(raw);
    if (typeof name !== 'string') return name;
    return { kind: 'group', name, page: name === raw ? path : `/group/${name}` };
  }
  return NOT_FOUND;
}

/** The query string of a request target as URLSearchParams. */
export function queryOf(target: string): URLSearchParams {
  const queryAt = target.indexOf('?');
  return new URLSearchParams(queryAt === -1 ? '' : target.slice(queryAt + 1));
}

function decodeName(raw: string): string | Route {
  if (raw === '') return NOT_FOUND;
  let name = raw;
  try {
    if (raw.includes('%')) name = decodeURIComponent(raw);
  } catch {
    return { kind: 'invalid', reason: 'the id is not valid percent-encoding' };
  }
  return checkName(name) ?? name;
}

/** Refuses ids CouchDB would read as system paths, and anything that could walk out of the document. */
function checkName(name: string): Route | undefined {
  if (name.startsWith('_')) return { kind: 'invalid', reason: 'ids starting with "_" are reserved' };
  if (name.includes('/') || name.includes('\\')) return { kind: 'invalid', reason: 'ids cannot contain a slash' };
  if (name.includes('..')) return { kind: 'invalid', reason: 'ids cannot contain ".."' };
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return { kind: 'invalid', reason: 'ids cannot contain control characters' };
  }
  return undefined;
}
