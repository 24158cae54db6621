// The pages an implementation serves. A page's body holds the `_rev` of every document it shows,
// verbatim, so that a client (and the harness) can tell which version it received.

import { createHash } from 'node:crypto';
import type { CouchDocument } from '../couch/database.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);

function fieldsOf(doc: CouchDocument): string {
  const { _id, _rev, ...fields } = doc;
  return escapeHtml(JSON.stringify(fields, null, 2));
}

export function renderDocPage(doc: CouchDocument): string {
  const id = escapeHtml(doc._id);
  const rev = escapeHtml(doc._rev);
  return (
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>${id}</title></head><body>\n` +
    `<article data-id="${id}" data-rev="${rev}"><h1>${id}</h1><p class="rev">${rev}</p>\n` +
    `<pre>${fieldsOf(doc)}</pre></article>\n</body></html>\n`
  );
}

export function renderGroupPage(name: string, members: readonly CouchDocument[]): string {
  const items = members.map((doc) => `<li data-id="${escapeHtml(doc._id)}" data-rev="${escapeHtml(doc._rev)}">${escapeHtml(doc._id)}</li>`).join('\n');
  const title = escapeHtml(name);
  return (
    `<!doctype html>\n<html><head><meta charset="utf-8"><title>${title}</title></head><body>\n` +
    `<h1>${title}</h1><ul class="group" data-count="${members.length}">\n${items}\n</ul>\n</body></html>\n`
  );
}

/** A document page's ETag is its revision. */
export const docEtag = (doc: CouchDocument): string => `"${doc._rev}"`;

/** A group page's ETag names the exact set of member revisions it lists. */
export function groupEtag(members: readonly CouchDocument[]): string {
  const hash = createHash('sha256');
  for (const doc of members) hash.update(`${doc._id}\n${doc._rev}\n`);
  return `"g-${hash.digest('base64url').slice(0, 27)}"`;
}
