// Documents and databases over real HTTP (fetch for headers, nano as the harness's writers use it).
import t from 'tap';
import Nano from 'nano';
import { http, startCouch } from './fixture.js';

t.test('server routes: /, /_up, databases', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/, 'binds 127.0.0.1 by default; URL has no trailing slash');

  const root = await http(url, 'GET', '/');
  t.equal(root.status, 200);
  t.equal(root.json.couchdb, 'Welcome');
  t.equal(root.json.vendor.name, 'etag-bench embedded');
  t.same((await http(url, 'GET', '/_up')).json, { status: 'ok' });

  t.equal((await http(url, 'PUT', '/db1')).status, 201, 'PUT /db creates');
  const again = await http(url, 'PUT', '/db1');
  t.equal(again.status, 412, 'PUT of an existing db is 412');
  t.equal(again.json.error, 'file_exists');
  t.equal((await http(url, 'PUT', '/Bad')).status, 400, 'an illegal name is refused');

  const info = await http(url, 'GET', '/db1');
  t.equal(info.json.db_name, 'db1');
  t.type(info.json.update_seq, 'string', 'update_seq is an opaque string');
  t.same((await http(url, 'GET', '/_all_dbs')).json, ['db1']);

  t.equal((await http(url, 'DELETE', '/db1')).status, 200);
  const gone = await http(url, 'GET', '/db1');
  t.equal(gone.status, 404);
  t.same(gone.json, { error: 'not_found', reason: 'Database does not exist.' });
  t.equal((await http(url, 'DELETE', '/db1')).status, 404, 'deleting a missing db is 404');
  t.equal((await http(url, 'PUT', '/db1/doc', { body: {} })).status, 404, 'PUT into a missing db is 404');
  t.equal((await http(url, 'GET', '/db1/_all_docs')).status, 404, 'every route sees the deletion');
});

t.test('GET/HEAD of a document: ETag is "<rev>", If-None-Match gives 304', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const created = await http(url, 'PUT', '/db/doc-1', { body: { n: 1 } });
  t.equal(created.status, 201);
  const rev: string = created.json.rev;
  t.equal(created.headers.get('etag'), `"${rev}"`, 'the PUT answer carries the new rev as ETag');

  const got = await http(url, 'GET', '/db/doc-1');
  t.equal(got.status, 200);
  t.equal(got.headers.get('etag'), `"${rev}"`);
  t.equal(got.json._rev, rev);

  for (const inm of [`"${rev}"`, `W/"${rev}"`, `"1-other", "${rev}"`, '*']) {
    const cached = await http(url, 'GET', '/db/doc-1', { headers: { 'if-none-match': inm } });
    t.equal(cached.status, 304, `If-None-Match: ${inm} → 304`);
    t.equal(cached.headers.get('etag'), `"${rev}"`, 'the 304 carries the ETag');
    t.equal(cached.text, '', 'the 304 has no body');
  }
  const stale = await http(url, 'GET', '/db/doc-1', { headers: { 'if-none-match': '"1-other"' } });
  t.equal(stale.status, 200, 'a different tag gets the document');

  const head = await http(url, 'HEAD', '/db/doc-1');
  t.equal(head.status, 200);
  t.equal(head.headers.get('etag'), `"${rev}"`);
  t.equal(head.text, '', 'HEAD has no body');
  t.equal((await http(url, 'HEAD', '/db/doc-1', { headers: { 'if-none-match': `"${rev}"` } })).status, 304);

  const missing = await http(url, 'GET', '/db/nope');
  t.equal(missing.status, 404);
  t.same(missing.json, { error: 'not_found', reason: 'missing' });

  t.equal((await http(url, 'GET', `/db/doc-1?rev=${rev}`)).status, 200, '?rev= works');
  t.equal((await http(url, 'GET', '/db/doc-1?revs=true')).json._revisions.ids.length, 1, '?revs=true works');
  const openRevs = await http(url, 'GET', '/db/doc-1?open_revs=all');
  t.equal(openRevs.status, 200, '?open_revs=all does not crash');
  t.equal((await http(url, 'GET', '/db/doc-1?open_revs=[oops')).status, 400, 'a malformed open_revs is a 400');
});

t.test('PUT and DELETE: revs from body, ?rev= and If-Match; conflicts are 409', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const rev1: string = (await http(url, 'PUT', '/db/a', { body: { v: 1 } })).json.rev;

  const noRev = await http(url, 'PUT', '/db/a', { body: { v: 2 } });
  t.equal(noRev.status, 409, 'PUT of an existing doc without _rev');
  t.same(noRev.json, { error: 'conflict', reason: 'Document update conflict.' });
  t.equal((await http(url, 'PUT', '/db/a', { body: { v: 2, _rev: '1-0000' } })).status, 409, 'PUT with a stale _rev');
  t.equal((await http(url, 'PUT', '/db/new', { body: { _rev: '1-0000' } })).status, 409, 'PUT of a missing doc with a rev');

  const viaBody = await http(url, 'PUT', '/db/a', { body: { v: 2, _rev: rev1 } });
  t.equal(viaBody.status, 201);
  t.same(Object.keys(viaBody.json).sort(), ['id', 'ok', 'rev']);
  const rev2: string = viaBody.json.rev;
  t.equal((await http(url, 'PUT', '/db/a', { body: { v: 3 }, headers: { 'if-match': `"${rev1}"` } })).status, 409, 'stale If-Match');
  const viaIfMatch = await http(url, 'PUT', '/db/a', { body: { v: 3 }, headers: { 'if-match': `"${rev2}"` } });
  t.equal(viaIfMatch.status, 201, 'If-Match names the rev');
  const rev3: string = viaIfMatch.json.rev;
  const viaQuery = await http(url, 'PUT', `/db/a?rev=${rev3}`, { body: { v: 4 } });
  t.equal(viaQuery.status, 201, '?rev= names the rev');
  const rev4: string = viaQuery.json.rev;
  t.equal((await http(url, 'PUT', `/db/a?rev=${rev4}`, { body: { _rev: rev3 } })).status, 400, 'body and query revs that differ');
  t.equal((await http(url, 'PUT', '/db/a', { body: [1, 2] })).status, 400, 'a non-object body');
  const badJson = await fetch(`${url}/db/a`, { method: 'PUT', body: '{oops', headers: { 'content-type': 'application/json' } });
  t.equal(badJson.status, 400, 'invalid JSON');
  t.equal((await badJson.json()).error, 'bad_request');

  const delNoRev = await http(url, 'DELETE', '/db/a');
  t.equal(delNoRev.status, 409, 'DELETE without rev is 409, as CouchDB');
  t.equal(delNoRev.json.error, 'conflict');
  t.equal((await http(url, 'DELETE', `/db/a?rev=${rev3}`)).status, 409, 'DELETE with a stale rev');
  const deleted = await http(url, 'DELETE', '/db/a', { headers: { 'if-match': `"${rev4}"` } });
  t.equal(deleted.status, 200, 'DELETE with If-Match');
  t.equal(deleted.json.ok, true);
  t.not(deleted.json.rev, rev4, 'the answer names the tombstone rev');
  t.equal(deleted.headers.get('etag'), `"${deleted.json.rev}"`);

  const after = await http(url, 'GET', '/db/a');
  t.equal(after.status, 404);
  t.same(after.json, { error: 'not_found', reason: 'deleted' });
  t.equal((await http(url, 'DELETE', `/db/a?rev=${deleted.json.rev}`)).status, 404, 'DELETE of a deleted doc is 404');
  t.equal((await http(url, 'DELETE', '/db/never?rev=1-0000')).status, 404, 'DELETE of a missing doc is 404');
});

t.test('design and local documents, encoded ids', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const ddoc = await http(url, 'PUT', '/db/_design/app', { body: { views: {} } });
  t.equal(ddoc.status, 201);
  const got = await http(url, 'GET', '/db/_design%2Fapp');
  t.equal(got.json._id, '_design/app', 'an encoded slash reaches the same design doc');
  t.equal(got.headers.get('etag'), `"${ddoc.json.rev}"`);
  const local = await http(url, 'PUT', '/db/_local/state', { body: { at: 1 } });
  t.equal(local.status, 201);
  t.equal((await http(url, 'GET', '/db/_local/state')).json.at, 1);
  t.equal((await http(url, 'PUT', '/db/a%2Fb', { body: { x: 1 } })).status, 201);
  t.equal((await http(url, 'GET', '/db/a%2Fb')).json._id, 'a/b');
  t.equal((await http(url, 'GET', '/db/%E0%A4%A')).status, 400, 'a malformed escape is a 400');
});

t.test('inline attachments: stored when well-formed, refused (not a crash) when not', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const ok = await http(url, 'PUT', '/db/with-att', {
    body: { _attachments: { 'a.txt': { content_type: 'text/plain', data: Buffer.from('hi').toString('base64') } } },
  });
  t.equal(ok.status, 201);
  t.equal((await http(url, 'GET', '/db/with-att/a.txt')).text, 'hi', 'the attachment is served');
  const bad = await http(url, 'PUT', '/db/bad-att', { body: { _attachments: { a: { data: 5 } } } });
  t.equal(bad.status, 400, 'non-string attachment data is refused');
  t.equal(bad.json.error, 'bad_request');
  const bulk = await http(url, 'POST', '/db/_bulk_docs', { body: { docs: [{ _id: 'b1' }, { _id: 'b2', _attachments: { a: { data: 5 } } }] } });
  t.equal(bulk.status, 400, 'the same through _bulk_docs is refused too');
  t.equal((await http(url, 'GET', '/_up')).status, 200, 'the server still answers');
  const good = await http(url, 'POST', '/db/_bulk_docs', { body: { docs: [{ _id: 'b3' }] } });
  t.equal(good.status, 201, '_bulk_docs still works after its body was read in front');
  t.equal((await http(url, 'GET', '/db/b3')).status, 200);
});

t.test('bulk docs, all docs and a view, through nano', async (t) => {
  const couch = await startCouch(t);
  const nano = Nano(couch.getUrl());
  await nano.db.create('db');
  const db = nano.use<{ group: string }>('db');
  const docs = Array.from({ length: 10 }, (_, i) => ({ _id: `doc-${i}`, group: `g-${i % 3}` }));
  const saved = await db.bulk({ docs });
  t.equal(saved.length, 10);
  t.ok(
    saved.every((r) => (r as { ok?: boolean }).ok === true && r.rev),
    'every bulk write succeeded',
  );

  const all = await db.list({ include_docs: true, limit: 3 });
  t.equal(all.rows.length, 3, 'limit');
  t.equal(all.rows[0]?.doc?.group, 'g-0', 'include_docs');
  const range = await db.list({ startkey: 'doc-2', endkey: 'doc-4' });
  t.same(
    range.rows.map((r) => r.id),
    ['doc-2', 'doc-3', 'doc-4'],
    'startkey/endkey',
  );
  const byKeys = await db.fetch({ keys: ['doc-7', 'doc-1', 'nope'] });
  t.same(
    byKeys.rows.map((r) => r.key),
    ['doc-7', 'doc-1', 'nope'],
    'POST _all_docs with keys keeps their order',
  );

  await db.insert({ _id: '_design/groups', views: { by_group: { map: 'function (doc) { if (doc.group) emit(doc.group, null); }' } } } as never);
  const view = await db.view<null>('groups', 'by_group', { key: 'g-1', include_docs: true });
  t.same(view.rows.map((r) => r.id).sort(), ['doc-1', 'doc-4', 'doc-7'], 'the view maps doc.group');
  t.ok(
    view.rows.every((r) => (r.doc as { group?: string } | undefined)?.group === 'g-1'),
    'include_docs on a view',
  );

  const missingView = await http(couch.getUrl(), 'GET', '/db/_design/groups/_view/nope');
  t.equal(missingView.status, 404, 'a missing view is a JSON 404');
  t.equal(missingView.json.error, 'not_found');
  const unknown = await http(couch.getUrl(), 'GET', '/db/_nonsense');
  t.equal(unknown.status, 404);
  t.equal(unknown.json.error, 'not_found', 'unknown routes answer JSON, not HTML');
});
