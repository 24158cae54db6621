// The other routes a CouchDB client uses: _all_dbs, _uuids, POST /{db}, _bulk_get and _revs_diff (what
// replication reads), standalone attachments, and CouchDB's JSON 404 and 405 for everything else.
import t from 'tap';
import Nano from 'nano';
import { http, startCouch } from './fixture.js';

const q = (value: unknown): string => encodeURIComponent(JSON.stringify(value));

t.test('_all_dbs: this server’s databases, with CouchDB’s range options', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  for (const name of ['b', 'a', 'd', 'c']) await http(url, 'PUT', `/${name}`);
  t.same((await http(url, 'GET', '/_all_dbs')).json, ['a', 'b', 'c', 'd'], 'sorted');
  t.same((await http(url, 'GET', '/_all_dbs?descending=true&limit=2')).json, ['d', 'c']);
  t.same((await http(url, 'GET', `/_all_dbs?startkey=${q('b')}&endkey=${q('c')}`)).json, ['b', 'c']);
  t.same((await http(url, 'GET', `/_all_dbs?startkey=${q('c')}&descending=true&skip=1`)).json, ['b', 'a']);
  t.same((await http(url, 'GET', `/_all_dbs?endkey=${q('c')}&inclusive_end=false`)).json, ['a', 'b']);
  t.same((await http(url, 'POST', '/_all_dbs')).json, { error: 'method_not_allowed', reason: 'Only GET,HEAD allowed' });
  t.same(await Nano(url).db.list(), ['a', 'b', 'c', 'd'], 'nano lists them');
});

t.test('_uuids: CouchDB ids, never cached', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  const one = await http(url, 'GET', '/_uuids');
  t.equal(one.status, 200);
  t.match(one.json.uuids, [/^[0-9a-f]{32}$/]);
  t.equal(one.headers.get('cache-control'), 'no-cache');
  const many = (await http(url, 'GET', '/_uuids?count=50')).json.uuids;
  t.equal(new Set(many).size, 50, 'distinct');
  t.same((await http(url, 'GET', '/_uuids?count=1001')).json, { error: 'bad_request', reason: 'count parameter too large' });
  t.equal((await http(url, 'GET', '/_uuids?count=x')).status, 400);
  t.equal((await http(url, 'DELETE', '/_uuids')).status, 405);
});

t.test('POST /{db}: a new document, its id given or made', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const made = await http(url, 'POST', '/db', { body: { v: 1 } });
  t.equal(made.status, 201);
  t.match(made.json, { ok: true, id: /^[0-9a-f]{32}$/, rev: /^1-/ });
  t.equal(made.headers.get('location'), `${url}/db/${made.json.id}`);
  t.equal((await http(url, 'GET', `/db/${made.json.id}`)).json.v, 1);
  const named = await http(url, 'POST', '/db', { body: { _id: 'x/y', v: 2 } });
  t.equal(named.json.id, 'x/y');
  t.equal((await http(url, 'GET', '/db/x%2Fy')).json.v, 2);
  t.same((await http(url, 'POST', '/db', { body: { _id: 'x/y' } })).json, { error: 'conflict', reason: 'Document update conflict.' });
  t.equal((await http(url, 'POST', '/db', { body: [1] })).status, 400);
  t.equal((await http(url, 'POST', '/nodb', { body: {} })).status, 404);
  t.same((await http(url, 'PATCH', '/db')).json, { error: 'method_not_allowed', reason: 'Only DELETE,GET,HEAD,POST,PUT allowed' });
});

t.test('_bulk_get: one result per request, every leaf without a rev', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const a1: string = (await http(url, 'PUT', '/db/a', { body: { v: 1 } })).json.rev;
  const a2: string = (await http(url, 'PUT', '/db/a', { body: { v: 2, _rev: a1 } })).json.rev;
  const b1: string = (await http(url, 'PUT', '/db/b', { body: {} })).json.rev;
  await http(url, 'DELETE', `/db/b?rev=${b1}`);
  // A conflict, as replication leaves one: two leaves for c.
  await http(url, 'POST', '/db/_bulk_docs', {
    body: {
      new_edits: false,
      docs: [
        { _id: 'c', _rev: '1-aaa' },
        { _id: 'c', _rev: '1-bbb' },
      ],
    },
  });

  const res = await http(url, 'POST', '/db/_bulk_get?revs=true', {
    body: { docs: [{ id: 'a' }, { id: 'a', rev: a1 }, { id: 'nope' }, { id: 'a', rev: '9-zzz' }, { id: 'b' }, { id: 'c' }, {}] },
  });
  t.equal(res.status, 200);
  const [latest, older, nope, missingRev, deleted, conflicted, noId] = res.json.results;
  t.equal(res.json.results.length, 7, 'one result per request, even for one id asked twice');
  t.same(latest, { id: 'a', docs: [{ ok: { _id: 'a', _rev: a2, v: 2, _revisions: latest.docs[0].ok._revisions } }] });
  t.equal(latest.docs[0].ok._revisions.start, 2, '?revs=true');
  t.equal(older.docs[0].ok.v, 1, 'a named rev');
  t.same(nope, { id: 'nope', docs: [{ error: { id: 'nope', rev: 'undefined', error: 'not_found', reason: 'missing' } }] });
  t.same(missingRev.docs, [{ error: { id: 'a', rev: '9-zzz', error: 'not_found', reason: 'missing' } }]);
  t.equal(deleted.docs[0].ok._deleted, true, 'a deleted leaf is returned, as CouchDB does');
  t.same(conflicted.docs.map((d: { ok: { _rev: string } }) => d.ok._rev).sort(), ['1-aaa', '1-bbb'], 'every leaf of a conflicted doc');
  t.same(noId, { id: null, docs: [{ error: { id: null, rev: null, error: 'bad_request', reason: 'document id missed' } }] });

  t.same((await http(url, 'POST', '/db/_bulk_get', { body: {} })).json, { error: 'bad_request', reason: "Missing JSON list of 'docs'." });
  t.same((await http(url, 'POST', `/db/_bulk_get?rev=${a1}`, { body: { docs: [] } })).json, {
    error: 'bad_request',
    reason: '"rev" query parameter is not acceptable',
  });
  t.equal((await http(url, 'GET', '/db/_bulk_get')).status, 405);
});

t.test('_revs_diff: the revisions this database lacks', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const rev: string = (await http(url, 'PUT', '/db/a', { body: {} })).json.rev;
  const diff = await http(url, 'POST', '/db/_revs_diff', { body: { a: [rev, '2-abc'], b: ['1-xyz'] } });
  t.equal(diff.status, 200);
  t.same(diff.json, { a: { missing: ['2-abc'] }, b: { missing: ['1-xyz'] } });
  t.same((await http(url, 'POST', '/db/_revs_diff', { body: { a: [rev] } })).json, {}, 'nothing missing');
  // PouchDB throws out of reach of any handler on these: refused before it sees them.
  t.equal((await http(url, 'POST', '/db/_revs_diff', { body: { a: 'x' } })).status, 400);
  t.equal((await http(url, 'POST', '/db/_revs_diff', { body: [1] })).status, 400);
  t.equal((await http(url, 'GET', '/_up')).status, 200, 'the server still answers');
  t.equal((await http(url, 'GET', '/db/_revs_diff')).status, 405);
});

t.test('attachments: PUT, GET (ETag, 304), HEAD, DELETE', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const put = await fetch(`${url}/db/doc/notes%2Fa.txt`, { method: 'PUT', body: 'hello', headers: { 'content-type': 'text/plain' } });
  t.equal(put.status, 201, 'a new document with the attachment');
  const { rev } = (await put.json()) as { rev: string };
  const got = await fetch(`${url}/db/doc/notes/a.txt`);
  t.equal(got.status, 200);
  t.equal(await got.text(), 'hello');
  t.equal(got.headers.get('content-type'), 'text/plain');
  const etag = got.headers.get('etag');
  t.equal(etag, `"${Buffer.from((await import('node:crypto')).createHash('md5').update('hello').digest()).toString('base64')}"`, 'ETag: the base64 md5');
  t.equal((await fetch(`${url}/db/doc/notes/a.txt`, { headers: { 'if-none-match': etag ?? '' } })).status, 304);
  t.equal((await http(url, 'HEAD', '/db/doc/notes/a.txt')).text, '');
  t.equal((await http(url, 'GET', '/db/doc')).json._attachments['notes/a.txt'].stub, true, 'the document lists it');

  const noRev = await fetch(`${url}/db/doc/b.bin`, { method: 'PUT', body: new Uint8Array([0, 255]) });
  t.equal(noRev.status, 409, 'a second attachment needs the rev');
  const second = await fetch(`${url}/db/doc/b.bin?rev=${rev}`, { method: 'PUT', body: new Uint8Array([0, 255]) });
  t.equal(second.status, 201);
  const bytes = await fetch(`${url}/db/doc/b.bin`);
  t.same([...new Uint8Array(await bytes.arrayBuffer())], [0, 255], 'bytes kept as sent');
  t.equal(bytes.headers.get('content-type'), 'application/octet-stream');
  t.equal((await http(url, 'GET', '/db/doc/notes/a.txt')).text, 'hello', 'the first one is kept');

  const rev2 = ((await second.json()) as { rev: string }).rev;
  t.equal((await http(url, 'DELETE', '/db/doc/b.bin')).status, 409, 'DELETE without a rev');
  const removed = await http(url, 'DELETE', '/db/doc/b.bin', { headers: { 'if-match': `"${rev2}"` } });
  t.equal(removed.status, 200);
  t.same((await http(url, 'GET', '/db/doc/b.bin')).json, { error: 'not_found', reason: 'Document is missing attachment' });
  t.equal((await http(url, 'GET', '/db/nodoc/a.txt')).status, 404);
  t.equal((await http(url, 'PUT', '/db/doc/_x', { body: {} })).status, 400, 'names starting with _ are refused');
  t.same((await http(url, 'POST', '/db/doc/a.txt')).json, { error: 'method_not_allowed', reason: 'Only DELETE,GET,HEAD,PUT allowed' });
});

t.test('unknown routes: JSON 404; known ones with another method: 405', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  for (const path of ['/_session', '/_config', '/db/_nonsense', '/db/_find', '/db/_design/app/_show/x', '/db/_local/x/att', '/db/_design']) {
    const res = await http(url, 'GET', path);
    t.equal(res.status, 404, path);
    t.same(res.json, { error: 'not_found', reason: 'missing' }, path);
  }
  t.same((await http(url, 'POST', '/')).json, { error: 'method_not_allowed', reason: 'Only GET,HEAD allowed' });
  t.equal((await http(url, 'POST', '/db/_changes', { body: {} })).status, 200, 'POST _changes is served');
  t.equal((await http(url, 'PUT', '/db/_changes')).status, 405);
  t.same((await http(url, 'POST', '/db/doc', { body: {} })).json, { error: 'method_not_allowed', reason: 'Only DELETE,GET,HEAD,PUT allowed' });
});

t.test('database names as CouchDB allows them, "/" included', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  t.equal((await http(url, 'PUT', '/team%2Fdocs')).status, 201);
  t.equal((await http(url, 'PUT', '/team%2Fdocs/a', { body: { v: 1 } })).status, 201);
  t.equal((await http(url, 'GET', '/team%2Fdocs')).json.db_name, 'team/docs');
  t.same(ids((await http(url, 'GET', '/team%2Fdocs/_all_docs')).json), ['a']);
  t.same((await http(url, 'GET', '/_all_dbs')).json, ['team/docs']);
  const bad = await http(url, 'PUT', '/Team');
  t.equal(bad.json.error, 'illegal_database_name');
});

function ids(body: { rows: { id: string }[] }): string[] {
  return body.rows.map((r) => r.id);
}
