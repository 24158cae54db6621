import t from 'tap';
import { couchRequests, eventually, request, revInBody, startStack } from '../helpers/stack.js';

t.test('reference implementation', async (t) => {
  const { couch, app, direct } = await startStack(t, 'reference');
  const page = (path: string) => `${app.url}${path}`;

  t.test('a document page: 200 with its rev as ETag, then 304 without touching CouchDB', async (t) => {
    const first = await request(page('/doc/doc-1'));
    t.equal(first.status, 200);
    const doc = await direct.get('doc-1');
    t.equal(first.etag, `"${doc._rev}"`, 'the ETag is the document revision');
    t.equal(revInBody(first.body), doc._rev, 'the body holds the revision');
    t.equal(first.headers.get('cache-control'), 'no-cache');
    t.equal(first.headers.get('vary'), 'Accept-Encoding');

    const before = await couchRequests(couch.getUrl());
    const second = await request(page('/doc/doc-1'), { headers: { 'If-None-Match': first.etag! } });
    const after = await couchRequests(couch.getUrl());
    t.equal(second.status, 304);
    t.equal(second.body, '', '304 has no body');
    t.equal(second.etag, first.etag);
    t.equal(second.headers.get('cache-control'), 'no-cache', '304 repeats Cache-Control');
    t.equal(second.headers.get('vary'), 'Accept-Encoding', '304 repeats Vary');
    t.ok(second.headers.get('date'), '304 carries Date');
    t.equal(after - before, 0, 'a 304 costs zero CouchDB requests');
  });

  t.test('If-None-Match forms', async (t) => {
    const { etag } = await request(page('/doc/doc-2'));
    const rev = etag!.slice(1, -1);
    const status = async (inm: string, path = '/doc/doc-2') => (await request(page(path), { headers: { 'If-None-Match': inm } })).status;
    t.equal(await status(`W/"${rev}"`), 304, 'weak comparison');
    t.equal(await status(`"x", "${rev}", "y"`), 304, 'in a list');
    t.equal(await status('*'), 304, '* on an existing page');
    t.equal(await status('*', '/doc/no-such-doc'), 404, '* on a missing document');
    t.equal(await status('"1-nomatch"'), 200, 'a tag that does not match');
    t.equal(await status(etag!, '/doc/doc-3'), 200, 'the ETag of another page');
    t.equal(await status(rev), 200, 'unquoted: malformed, no 304');
    t.equal(await status(`"${rev}`), 200, 'unterminated quote: no 304');
    t.equal(await status(', ,'), 200, 'only commas');
    const ims = await request(page('/doc/doc-2'), {
      headers: { 'If-None-Match': '"1-nomatch"', 'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' },
    });
    t.equal(ims.status, 200, 'If-None-Match takes precedence over If-Modified-Since');
  });

  t.test('HEAD is GET without a body', async (t) => {
    const get = await request(page('/doc/doc-4'));
    const head = await request(page('/doc/doc-4'), { method: 'HEAD' });
    t.equal(head.status, 200);
    t.equal(head.body, '');
    for (const name of ['etag', 'cache-control', 'vary', 'content-type', 'content-length']) {
      t.equal(head.headers.get(name), get.headers.get(name), `HEAD has GET's ${name}`);
    }
    const conditional = await request(page('/doc/doc-4'), { method: 'HEAD', headers: { 'If-None-Match': get.etag! } });
    t.equal(conditional.status, 304);
  });

  t.test('a write straight to CouchDB is seen through the changes feed within a second', async (t) => {
    const first = await request(page('/doc/doc-5'));
    const doc = await direct.get('doc-5');
    const written = await direct.insert({ ...doc, title: 'changed elsewhere' });
    let last = first;
    const seen = await eventually(async () => {
      last = await request(page('/doc/doc-5'), { headers: { 'If-None-Match': first.etag! } });
      return last.status === 200;
    });
    t.ok(seen, 'the old ETag gets a 200 within 1 s');
    t.equal(revInBody(last.body), written.rev, 'with the new revision');
    t.equal(last.etag, `"${written.rev}"`);
  });

  t.test('a delete straight to CouchDB makes the old ETag a 404', async (t) => {
    const first = await request(page('/doc/doc-6'));
    const doc = await direct.get('doc-6');
    await direct.destroy('doc-6', doc._rev);
    const seen = await eventually(async () => (await request(page('/doc/doc-6'), { headers: { 'If-None-Match': first.etag! } })).status === 404);
    t.ok(seen, 'the deleted document is a 404 within 1 s');
  });

  t.test('writes through the app invalidate at once', async (t) => {
    const first = await request(page('/doc/doc-7'));
    const doc = await direct.get('doc-7');
    const put = await request(page('/doc/doc-7'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...doc, title: 'saved through the app' }),
    });
    t.equal(put.status, 201);
    const { rev } = JSON.parse(put.body) as { rev: string };
    t.equal(put.etag, `"${rev}"`);
    const next = await request(page('/doc/doc-7'), { headers: { 'If-None-Match': first.etag! } });
    t.equal(next.status, 200, 'no waiting for the feed');
    t.equal(revInBody(next.body), rev);

    const conflict = await request(page('/doc/doc-7'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ...doc, title: 'stale rev' }),
    });
    t.equal(conflict.status, 409, 'CouchDB conflict passed through');
    t.match(JSON.parse(conflict.body), { error: 'conflict' });

    const del = await request(page(`/doc/doc-7?rev=${rev}`), { method: 'DELETE' });
    t.equal(del.status, 200);
    const gone = await request(page('/doc/doc-7'), { headers: { 'If-None-Match': `"${rev}"` } });
    t.equal(gone.status, 404);

    const created = await request(page('/doc/brand-new'), {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{"title":"new"}',
    });
    t.equal(created.status, 201);
    const badJson = await request(page('/doc/brand-new-2'), { method: 'PUT', body: '{not json' });
    t.equal(badJson.status, 400);
  });

  t.test('If-None-Match on PUT and DELETE is a precondition', async (t) => {
    const { etag } = await request(page('/doc/doc-8'));
    const doc = await direct.get('doc-8');
    const body = JSON.stringify({ ...doc, title: 'x' });
    const headers = { 'Content-Type': 'application/json' };
    t.equal((await request(page('/doc/doc-8'), { method: 'PUT', headers: { ...headers, 'If-None-Match': '*' }, body })).status, 412, '* on an existing doc');
    t.equal((await request(page('/doc/doc-8'), { method: 'PUT', headers: { ...headers, 'If-None-Match': etag! }, body })).status, 412, 'the current ETag');
    t.equal(
      (await request(page(`/doc/doc-8?rev=${doc._rev}`), { method: 'DELETE', headers: { 'If-None-Match': etag! } })).status,
      412,
      'DELETE with the current ETag',
    );
    t.equal(
      (await request(page('/doc/doc-8'), { method: 'PUT', headers: { ...headers, 'If-None-Match': '"1-other"' }, body })).status,
      201,
      'a non-matching tag lets the write through',
    );
    t.equal(
      (await request(page('/doc/fresh'), { method: 'PUT', headers: { ...headers, 'If-None-Match': '*' }, body: '{}' })).status,
      201,
      '* on a missing doc creates it',
    );
  });

  t.test('group pages depend on every member and on membership', async (t) => {
    const groupPage = page('/group/g-3');
    const first = await request(groupPage);
    t.equal(first.status, 200);
    const members = await direct.view('etag-bench', 'by-group', { key: 'g-3', include_docs: true });
    t.ok(members.rows.length > 1, 'the group has several members');
    for (const row of members.rows) t.ok(first.body.includes(row.doc!._rev), `the page holds ${row.id}'s rev`);
    t.equal((await request(groupPage, { headers: { 'If-None-Match': first.etag! } })).status, 304);

    const changed = async (etag: string) => eventually(async () => (await request(groupPage, { headers: { 'If-None-Match': etag } })).status === 200);

    const member = await direct.get('doc-13');
    const update = await direct.insert({ ...member, title: 'member updated' });
    t.ok(await changed(first.etag!), "a member's update changes the page");
    const second = await request(groupPage);
    t.not(second.etag, first.etag);
    t.ok(second.body.includes(update.rev));

    const joined = await direct.insert({ _id: 'joiner', group: 'g-3', title: 'joins' });
    t.ok(await changed(second.etag!), 'a document joining changes the page');
    const third = await request(groupPage);
    t.ok(third.body.includes(joined.rev));

    const leaver = await direct.get('doc-3');
    await direct.insert({ ...leaver, group: 'g-elsewhere' });
    t.ok(await changed(third.etag!), 'a document leaving changes the page');
    const fourth = await request(groupPage);
    t.notOk(fourth.body.includes('data-id="doc-3"'), 'the leaver is no longer listed');
  });

  t.test('ids that are system paths or traversals are refused before CouchDB', async (t) => {
    const before = await couchRequests(couch.getUrl());
    for (const id of ['_all_docs', '_design/x', '%5Fdesign%2Fx', '%2E%2E%2F_users', '..%2Fbench', 'a%2Fb', '%ZZ']) {
      const response = await request(page(`/doc/${id}`));
      t.equal(response.status, 400, `/doc/${id} → 400`);
      t.notMatch(response.body, /couchdb|_rev|"rows"/i, 'no CouchDB content in the body');
    }
    t.equal((await request(page('/group/_all_docs'))).status, 400);
    t.equal(await couchRequests(couch.getUrl()), before, 'none of them reached CouchDB');
    t.equal((await request(page('/elsewhere'))).status, 404);
    t.equal((await request(page('/doc/doc-1'), { method: 'POST', body: '{}' })).status, 405);
  });

  t.test('/health reports a live feed', async (t) => {
    const health = await request(page('/health'));
    t.equal(health.status, 200);
    t.match(JSON.parse(health.body), { impl: 'reference', status: 'ok', feed: { state: 'live' } });
  });
});
