// The reference evaluates If-Match (RFC 9110 §13.1.1, strong comparison) on reads and on writes through the app:
// 412 when no listed ETag is current, before anything is written; a DELETE that names no revision is 428.
import t from 'tap';
import { couchRequests, request, revInBody, startStack } from '../helpers/stack.js';

t.test('reference: If-Match', async (t) => {
  const { couch, app, direct } = await startStack(t, 'reference');
  const page = (path: string) => `${app.url}${path}`;
  const json = { 'Content-Type': 'application/json' };
  const put = (id: string, headers: Record<string, string>, body: Record<string, unknown>) =>
    request(page(`/doc/${id}`), { method: 'PUT', headers: { ...json, ...headers }, body: JSON.stringify(body) });

  t.test('GET and HEAD: 412 unless a listed ETag is the current one, strongly', async (t) => {
    const first = await request(page('/doc/doc-11'));
    const rev = first.etag!.slice(1, -1);
    const status = async (ifMatch: string, init: { method?: string; path?: string; headers?: Record<string, string> } = {}) =>
      (await request(page(init.path ?? '/doc/doc-11'), { method: init.method ?? 'GET', headers: { 'If-Match': ifMatch, ...init.headers } })).status;
    t.equal(await status(first.etag!), 200, 'the current ETag');
    t.equal(await status(`"1-other", ${first.etag!}`), 200, 'the current ETag in a list');
    t.equal(await status('*'), 200, '* on an existing page');
    t.equal(await status('"1-other"'), 412, 'another ETag');
    t.equal(await status(`W/${first.etag!}`), 412, 'the weak form of the current ETag: strong comparison');
    t.equal(await status(rev), 412, 'unquoted: malformed, no match');
    t.equal(await status('"1-other"', { method: 'HEAD' }), 412, 'HEAD too');
    t.equal(await status(first.etag!, { headers: { 'Accept-Encoding': 'gzip' } }), 412, "identity's ETag is not the gzip representation's");
    t.equal(await status(`"${rev}-gzip"`, { headers: { 'Accept-Encoding': 'gzip' } }), 200, "the gzip representation's own ETag");
    t.equal(await status('*', { path: '/doc/no-such-doc' }), 404, '* on a missing page: 404 (RFC 9110 §13.2.1), not 412');
    const failed = await request(page('/doc/doc-11'), { headers: { 'If-Match': '"1-other"' } });
    t.notMatch(failed.body, new RegExp(rev), 'the 412 shows no page');
    t.equal(failed.headers.get('vary'), null, 'a 412 varies with nothing');
    t.equal(
      (await request(page('/doc/doc-11'), { headers: { 'If-Match': first.etag!, 'If-None-Match': first.etag! } })).status,
      304,
      'If-Match holds, then If-None-Match: 304 (RFC 9110 §13.2.2)',
    );
  });

  t.test('PUT: 412 before CouchDB is asked to write; the matching revision is the one written over', async (t) => {
    const first = await request(page('/doc/doc-12'));
    const doc = await direct.get('doc-12');
    const { _rev, ...fields } = doc;
    const before = await couchRequests(couch.getUrl());
    const wrong = await put('doc-12', { 'If-Match': '"wrong"' }, fields);
    t.equal(wrong.status, 412, '"wrong" is 412, not CouchDB\'s 400 Invalid rev format');
    t.equal(await couchRequests(couch.getUrl()), before, 'a tag that is no revision never reaches CouchDB');
    t.equal((await put('doc-12', { 'If-Match': `W/${first.etag!}` }, fields)).status, 412, 'weak: never a match');

    const saved = await put('doc-12', { 'If-Match': first.etag! }, { ...fields, title: 'through If-Match' });
    t.equal(saved.status, 201, 'the current ETag, no _rev in the body: written over that revision');
    const { rev } = JSON.parse(saved.body) as { rev: string };
    t.equal(saved.etag, `"${rev}"`);
    const stale = await put('doc-12', { 'If-Match': first.etag! }, { ...fields, title: 'lost update' });
    t.equal(stale.status, 412, 'a stale ETag is 412, not 409');
    t.match(JSON.parse(stale.body), { error: 'precondition_failed' });
    t.equal((await direct.get('doc-12'))._rev, rev, 'nothing written');
    t.equal(
      (await put('doc-12', { 'If-Match': `"${rev}-gzip"` }, { ...fields, title: 'from a gzip page' })).status,
      201,
      "the gzip page's ETag names the revision too",
    );
    t.equal((await put('doc-12', { 'If-Match': '*' }, { ...fields, title: 'star' })).status, 201, '* on an existing document');
    const { _rev: current } = await direct.get('doc-12');
    t.equal(
      (await put('doc-12', { 'If-None-Match': `"${current}-gzip"` }, { ...fields, _rev: current, title: 'x' })).status,
      412,
      "If-None-Match naming the current revision's gzip ETag: 412 too",
    );
    t.equal((await put('never-was', { 'If-Match': '*' }, { title: 'new' })).status, 412, '* on a missing document: 412, nothing created');
    t.equal((await request(page('/doc/never-was'))).status, 404);
    t.equal((await put('never-was-2', {}, { title: 'new' })).status, 201, 'without If-Match a PUT creates');
  });

  t.test('DELETE: If-Match names the revision; without one, 428', async (t) => {
    const first = await request(page('/doc/doc-14'));
    const doc = await direct.get('doc-14');
    const noRev = await request(page('/doc/doc-14'), { method: 'DELETE' });
    t.equal(noRev.status, 428, 'no ?rev and no If-Match: 428 Precondition Required, not 409');
    t.match(JSON.parse(noRev.body), { error: 'precondition_required', reason: /If-Match/ });
    t.equal((await request(page('/doc/doc-14'), { method: 'DELETE', headers: { 'If-Match': '"1-other"' } })).status, 412, 'a stale ETag');
    const updated = await direct.insert({ ...doc, title: 'moved on' });
    t.equal((await request(page('/doc/doc-14'), { method: 'DELETE', headers: { 'If-Match': first.etag! } })).status, 412, 'the ETag before an update');
    const deleted = await request(page('/doc/doc-14'), { method: 'DELETE', headers: { 'If-Match': `"${updated.rev}"` } });
    t.equal(deleted.status, 200, 'the current ETag deletes');
    t.equal((await request(page('/doc/doc-14'))).status, 404);
    t.equal((await request(page('/doc/doc-14'), { method: 'DELETE', headers: { 'If-Match': '*' } })).status, 404, '* on a deleted document: 404');
    t.equal((await request(page('/doc/no-such'), { method: 'DELETE' })).status, 404, 'a missing document without a rev: 404, not 428');
    const doc15 = await direct.get('doc-15');
    t.equal((await request(page(`/doc/doc-15?rev=${doc15._rev}`), { method: 'DELETE' })).status, 200, '?rev= as before');
  });

  t.test('a save under If-Match invalidates like any other', async (t) => {
    const first = await request(page('/doc/doc-16'));
    const { _rev, ...fields } = await direct.get('doc-16');
    const saved = await put('doc-16', { 'If-Match': first.etag! }, { ...fields, title: 'x' });
    const next = await request(page('/doc/doc-16'), { headers: { 'If-None-Match': first.etag! } });
    t.equal(next.status, 200);
    t.equal(revInBody(next.body), (JSON.parse(saved.body) as { rev: string }).rev);
  });
});
