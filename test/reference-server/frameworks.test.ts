// The peers a Node developer would pick instead of the reference: Express's and Fastify's own ETags. Each serves
// the contract's routes with the same HTML, answers 304 through its framework's own mechanism (the ETag is a hash of
// the body: a change of the body changes it), and reads CouchDB for every request, 304s included.

import t from 'tap';
import { request as send } from 'undici';
import { couchRequests, revInBody, startStack } from '../helpers/stack.js';
import { renderDocPage } from '../../reference-server/render/pages.js';

/** A plain HTTP exchange. Not fetch: with a validator it adds `Cache-Control: no-cache` (the Fetch standard's
 *  "no-store" cache mode), and Express's `req.fresh` then refuses every 304, as a browser's reload wants. */
async function request(url: string, init: { method?: 'GET' | 'HEAD' | 'PUT' | 'DELETE'; headers?: Record<string, string>; body?: string } = {}) {
  const response = await send(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, body: init.body ?? null });
  const body = await response.body.text();
  const header = (name: string): string | null => {
    const value = response.headers[name];
    return value === undefined ? null : String(value);
  };
  return { status: response.statusCode, etag: header('etag'), header, body };
}

const FRAMEWORKS = [
  { impl: 'express', etag: /^W\/"[0-9a-f]+-[A-Za-z0-9+/_-]+"$/, version: /^express 5\.\d+\.\d+$/ },
  { impl: 'fastify', etag: /^"[A-Za-z0-9+/]+=*"$/, version: /^fastify 5\.\d+\.\d+, @fastify\/etag \d+\.\d+\.\d+$/ },
];

for (const { impl, etag, version } of FRAMEWORKS) {
  t.test(`${impl}: the contract's pages, its framework's ETag and 304`, async (t) => {
    const { couch, app, direct } = await startStack(t, impl);
    const health = (await (await fetch(`${app.url}/health`)).json()) as Record<string, unknown>;
    t.match(health, { impl, status: 'ok' }, '/health answers for the harness');
    t.match(health.version, version, 'and says which release (results.json keeps it)');

    const doc = await direct.get('doc-3');
    const first = await request(`${app.url}/doc/doc-3`);
    t.equal(first.status, 200);
    t.equal(first.body, renderDocPage(doc as never), 'the same HTML as the reference');
    t.match(first.etag, etag, "the framework's own ETag, not the revision");
    t.equal(first.header('cache-control'), 'no-cache', 'a proxy in front revalidates every time');

    const noCache = await request(`${app.url}/doc/doc-3`, { headers: { 'If-None-Match': first.etag!, 'Cache-Control': 'no-cache' } });
    t.equal(noCache.status, impl === 'express' ? 200 : 304, 'a request saying no-cache (as fetch does): Express renders in full, Fastify still 304s');

    const readsBefore = await couchRequests(couch.getUrl());
    const revalidated = await request(`${app.url}/doc/doc-3`, { headers: { 'If-None-Match': first.etag! } });
    t.equal(revalidated.status, 304, 'the framework answers 304 for its ETag');
    t.equal(revalidated.body, '', 'with no body');
    t.ok((await couchRequests(couch.getUrl())) > readsBefore, 'having read CouchDB for it: the 304 saves only the body');
    t.equal((await request(`${app.url}/doc/doc-3`, { method: 'HEAD', headers: { 'If-None-Match': first.etag! } })).status, 304, 'HEAD too');

    // The body changes (a write straight to CouchDB): the hash, so the ETag, changes, and the old one gets a 200.
    const written = await direct.insert({ ...doc, title: 'changed' });
    const after = await request(`${app.url}/doc/doc-3`, { headers: { 'If-None-Match': first.etag! } });
    t.equal(after.status, 200, 'a changed body is not 304 for the old ETag');
    t.equal(revInBody(after.body), written.rev, 'it shows the new revision at once (no registry to invalidate)');
    t.not(after.etag, first.etag, 'the ETag changed with the body');

    const group = await request(`${app.url}/group/g-3`);
    t.equal(group.status, 200);
    t.equal((await request(`${app.url}/group/g-3`, { headers: { 'If-None-Match': group.etag! } })).status, 304, 'group pages revalidate too');
  });

  t.test(`${impl}: writes through the app, ids checked, errors as JSON`, async (t) => {
    const { app, direct } = await startStack(t, impl);
    const doc = await direct.get('doc-5');
    const put = await request(`${app.url}/doc/doc-5`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...doc, title: 'via app' }),
    });
    t.equal(put.status, 201, `PUT through the app (${put.body})`);
    const saved = await direct.get('doc-5');
    t.equal(saved.title, 'via app', 'in CouchDB');
    t.equal(revInBody((await request(`${app.url}/doc/doc-5`)).body), saved._rev, 'and on the page');
    const stale = await request(`${app.url}/doc/doc-5`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...doc, title: 'stale' }),
    });
    t.equal(stale.status, 409, "a stale _rev is CouchDB's conflict");
    const removed = await request(`${app.url}/doc/doc-5?rev=${saved._rev}`, { method: 'DELETE' });
    t.equal(removed.status, 200, `DELETE through the app (${removed.body})`);
    t.equal((await request(`${app.url}/doc/doc-5`)).status, 404, 'then the page is gone');
    t.equal((await request(`${app.url}/doc/_all_docs`)).status, 400, 'system ids are refused before CouchDB');
    t.equal((await request(`${app.url}/doc/a%2F..%2F_all_docs`)).status, 400, 'so are traversals');
    t.equal((await request(`${app.url}/nothing`)).status, 404);
  });
}
