// Which page an exchange asked for: `/doc/{id}` or `/group/{name}`, the rest of the path URL-decoded.

export type PageRef = { readonly kind: 'doc'; readonly id: string } | { readonly kind: 'group'; readonly name: string };

export function parsePage(page: string): PageRef | undefined {
  const query = page.indexOf('?');
  const path = query < 0 ? page : page.slice(0, query);
  const kind = path.startsWith('/doc/') ? 'doc' : path.startsWith('/group/') ? 'group' : undefined;
  if (kind === undefined) return undefined;
  let rest: string;
  try {
    rest = decodeURIComponent(path.slice(kind.length + 2));
  } catch {
    return undefined; // malformed percent-encoding names no page
  }
  if (rest === '') return undefined;
  return kind === 'doc' ? { kind, id: rest } : { kind, name: rest };
}
