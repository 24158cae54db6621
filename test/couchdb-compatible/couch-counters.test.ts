// CouchDB's own counters at /_node/{node}/_stats: the routes and shapes CouchDB 3 answers, and each route moving
// database_reads, database_writes and httpd.requests by exactly what CouchDB's couch_db and chttpd count.
import t from 'tap';
import { http, openStream, startCouch } from './fixture.js';

const q = (value: unknown): string => encodeURIComponent(JSON.stringify(value));

interface Counters {
  database_reads: { value: number };
  database_writes: { value: number };
  httpd: { requests: { value: number } };
}

const counters = async (url: string): Promise<Counters> => (await http(url, 'GET', '/_node/_local/_stats/couchdb')).json;

/** What `action` cost the database: the counters moved around it. */
async function costOf(url: string, action: () => Promise<unknown>): Promise<{ reads: number; writes: number }> {
  const before = await counters(url);
  await action();
  const after = await counters(url);
  return { reads: after.database_reads.value - before.database_reads.value, writes: after.database_writes.value - before.database_writes.value };
}

const READ = { reads: 1, writes: 0 };
const WRITE = { reads: 0, writes: 1 };
const NOTHING = { reads: 0, writes: 0 };

t.test('the routes and shapes of a single CouchDB 3 node', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  const leaf = (value: number, desc: string): unknown => ({ value, type: 'counter', desc });
  const whole = await http(url, 'GET', '/_node/_local/_stats');
  t.equal(whole.status, 200);
  t.same(
    whole.json,
    {
      couchdb: {
        database_reads: leaf(0, 'number of times a document was read from a database'),
        database_writes: leaf(0, 'number of times a database was changed'),
        httpd: { requests: leaf(0, 'number of HTTP requests') },
      },
    },
    'the whole tree; a request is counted once answered, so this one is not in it yet',
  );
  const inner = await http(url, 'GET', '/_node/nonode@nohost/_stats/couchdb');
  t.same(
    inner.json,
    { ...whole.json.couchdb, httpd: { requests: leaf(1, 'number of HTTP requests') } },
    "this node's name as well as _local; the couchdb sub-tree, the first read now counted",
  );
  t.same((await http(url, 'GET', '/_node/nonode%40nohost/_stats/couchdb/httpd/requests')).json, leaf(2, 'number of HTTP requests'), 'a leaf');
  t.equal((await http(url, 'GET', '/_node/_local/_stats/couchdb/database_reads/value')).text, '0\n', 'a leaf’s member');

  for (const path of ['/couchdb/open_databases', '/nope', '/couchdb/database_reads/value/x', '/couchdb/httpd/toString']) {
    const missing = await http(url, 'GET', `/_node/_local/_stats${path}`);
    t.same([missing.status, missing.json], [200, null], `${path}: null, as CouchDB's extract_path answers`);
  }
  const otherNode = await http(url, 'GET', '/_node/couchdb@127.0.0.1/_stats');
  t.same([otherNode.status, otherNode.json], [404, { error: 'not_found', reason: 'no such node: couchdb@127.0.0.1' }], 'another node');
  t.equal((await http(url, 'GET', '/_node/elsewhere/_config')).status, 404, 'another node, whatever the path');
  t.same((await http(url, 'GET', '/_node/_local/_config')).json, { error: 'not_found', reason: 'missing' }, 'other node endpoints are not served');
  t.same((await http(url, 'GET', '/_node')).json, { error: 'bad_request', reason: 'Incomplete path to _node request' });
  t.same((await http(url, 'GET', '/_node/_local')).json, { name: 'nonode@nohost' });

  const head = await http(url, 'HEAD', '/_node/_local/_stats/couchdb');
  t.same([head.status, head.text], [200, ''], 'HEAD is a GET without its body');
  t.same((await http(url, 'POST', '/_node/_local/_stats')).json, { error: 'method_not_allowed', reason: 'Only GET allowed' });
  t.equal((await http(url, 'DELETE', '/_node/_local/_stats/couchdb')).status, 405);

  t.same((await http(url, 'GET', '/_membership')).json, { all_nodes: ['nonode@nohost'], cluster_nodes: ['nonode@nohost'] });
  t.same((await http(url, 'PUT', '/_membership')).json, { error: 'method_not_allowed', reason: 'Only GET allowed' });

  const { requests } = (await http(url, 'GET', '/_etag_bench/stats')).json;
  t.equal(requests['GET /_node/{path}'], 12, 'counted by route template as any route');
  t.equal(requests['HEAD /_node/{path}'], 1);
  t.equal(requests['GET /_membership'], 1);
});

t.test('httpd.requests: every request once answered, whatever its route and status', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  const requests = async (): Promise<number> => (await counters(url)).httpd.requests.value;
  const first = await requests();
  t.equal(await requests(), first + 1, 'a read of the counters is counted after it answered');
  const before = await requests();
  await http(url, 'GET', '/');
  await http(url, 'PUT', '/db');
  await http(url, 'GET', '/db/missing'); // a 404
  await http(url, 'GET', '/db/_nonsense'); // no such route
  await http(url, 'PATCH', '/db'); // a 405
  await http(url, 'GET', '/_etag_bench/stats'); // the harness's own stats: a request as well
  await http(url, 'HEAD', '/_node/_local/_stats');
  t.equal(await requests(), before + 1 + 7);

  const secured = await startCouch(t, (c) => c.withAdmin('admin', 'pw'));
  const auth = { authorization: `Basic ${Buffer.from('admin:pw').toString('base64')}` };
  const securedRequests = async (): Promise<number> =>
    (await http(secured.getUrl(), 'GET', '/_node/_local/_stats/couchdb/httpd/requests/value', { headers: auth })).json;
  t.equal((await http(secured.getUrl(), 'GET', '/_node/_local/_stats')).status, 401, 'an admin route, as in CouchDB');
  t.equal(await securedRequests(), 1, 'the 401 is a request too');
});

t.test('database_reads: a document opened, found or not', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const rev: string = (await http(url, 'PUT', '/db/a', { body: { v: 1 } })).json.rev;
  await http(url, 'PUT', '/db/_design/app', { body: { views: { all: { map: 'function (doc) { emit(doc._id); }' } } } });
  await http(url, 'PUT', '/db/_local/checkpoint', { body: { seq: 1 } });

  t.same(await costOf(url, () => http(url, 'GET', '/db/a')), READ, 'GET');
  t.same(await costOf(url, () => http(url, 'HEAD', '/db/a')), READ, 'HEAD');
  const conditional = () => http(url, 'GET', '/db/a', { headers: { 'if-none-match': `"${rev}"` } });
  t.equal((await conditional()).status, 304);
  t.same(await costOf(url, conditional), READ, 'a 304: CouchDB opens the document to compare its rev');
  t.same(await costOf(url, () => http(url, 'GET', `/db/a?rev=${rev}`)), READ, '?rev=');
  t.same(await costOf(url, () => http(url, 'GET', '/db/a?open_revs=all')), READ, 'open_revs');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_design/app')), READ, 'a design document');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_local/checkpoint')), READ, 'a local document');
  t.same(await costOf(url, () => http(url, 'GET', '/db/missing')), READ, 'a 404: CouchDB counts the open before it finds nothing');
  t.same(await costOf(url, () => http(url, 'GET', '/db/a?open_revs=x')), NOTHING, 'a request refused before the open');
  t.same(await costOf(url, () => http(url, 'GET', '/nodb/a')), NOTHING, 'no database');
  t.same(await costOf(url, () => http(url, 'GET', '/db')), NOTHING, 'database info');
  t.same(await costOf(url, () => http(url, 'POST', '/db/_revs_diff', { body: { a: ['1-x'] } })), NOTHING, '_revs_diff');

  await http(url, 'PUT', `/db/a/file.txt?rev=${rev}`, { headers: { 'content-type': 'text/plain' } });
  t.same(await costOf(url, () => http(url, 'GET', '/db/a/file.txt')), READ, 'an attachment: its document opened');
});

t.test('database_reads: rows of _all_docs, views and _changes only when their documents are included', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const docs = Array.from({ length: 5 }, (_, i) => ({ _id: `doc-${i}`, n: i }));
  await http(url, 'POST', '/db/_bulk_docs', { body: { docs } });
  await http(url, 'PUT', '/db/_design/app', {
    body: {
      views: { by_n: { map: 'function (doc) { if (doc.n !== undefined) emit(doc.n); }' }, count: { map: 'function (doc) { emit(doc.n); }', reduce: '_count' } },
    },
  });
  const reads = (n: number) => ({ reads: n, writes: 0 });

  t.same(await costOf(url, () => http(url, 'GET', '/db/_all_docs')), NOTHING, '_all_docs');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_all_docs?include_docs=true')), reads(6), '_all_docs?include_docs: a read per row');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_all_docs?include_docs=true&limit=2')), reads(2), 'the rows returned');
  t.same(
    await costOf(url, () => http(url, 'POST', '/db/_all_docs', { body: { keys: ['doc-0', 'doc-1', 'nope'] } })),
    reads(3),
    '_all_docs with keys: CouchDB opens every key’s document, include_docs or not, found or not',
  );
  t.same(await costOf(url, () => http(url, 'GET', `/db/_all_docs?keys=${q(['doc-0', 'doc-1', 'doc-2'])}&skip=1&limit=1`)), reads(1), 'after skip and limit');

  t.same(await costOf(url, () => http(url, 'GET', '/db/_design/app/_view/by_n')), NOTHING, 'a view');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_design/app/_view/count')), NOTHING, 'a reduce');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_design/app/_view/by_n?include_docs=true&startkey=1')), reads(4), 'a view with include_docs');
  t.same(
    await costOf(url, () => http(url, 'POST', '/db/_design/app/_view/by_n', { body: { queries: [{ include_docs: true, keys: [0, 3] }, { limit: 2 }] } })),
    reads(2),
    'queries: each one’s rows with docs',
  );

  t.same(await costOf(url, () => http(url, 'GET', '/db/_changes')), NOTHING, '_changes');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_changes?include_docs=true')), reads(6), '_changes?include_docs: a read per row sent');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_changes?include_docs=true&limit=2')), reads(2), 'with a limit');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_changes?feed=continuous&include_docs=true&limit=3&timeout=60000')), reads(3), 'a continuous feed');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_changes?feed=longpoll&include_docs=true&since=now&timeout=30')), NOTHING, 'a longpoll that times out');
  t.same(await costOf(url, () => http(url, 'GET', '/db/_changes?feed=longpoll&timeout=30000')), NOTHING, 'a longpoll without docs');

  const stream = await openStream(url, '/db/_changes?feed=continuous&include_docs=true&since=now&heartbeat=30000');
  t.teardown(() => stream.close());
  const live = await costOf(url, async () => {
    await http(url, 'PUT', '/db/late', { body: {} });
    await stream.until((text) => text.includes('"id":"late"'));
  });
  t.same(live, { reads: 1, writes: 1 }, 'a live feed: the row it sends');
});

t.test('database_reads: _bulk_get opens each document asked for', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const rev: string = (await http(url, 'PUT', '/db/a', { body: {} })).json.rev;
  await http(url, 'PUT', '/db/b', { body: {} });
  const docs = [{ id: 'a' }, { id: 'a', rev }, { id: 'b' }, { id: 'missing' }, { rev: '1-x' }, { id: 7 }];
  const answered = await http(url, 'POST', '/db/_bulk_get', { body: { docs } });
  t.equal(answered.json.results.length, 6);
  t.same(await costOf(url, () => http(url, 'POST', '/db/_bulk_get', { body: { docs } })), { reads: 4, writes: 0 }, 'the four well-formed requests');
});

t.test('database_writes: each write a database is handed, conflicts included', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  t.same(await costOf(url, () => http(url, 'PUT', '/db')), NOTHING, 'creating a database');
  const put = await http(url, 'PUT', '/db/a', { body: { v: 1 } });
  t.same(await costOf(url, () => http(url, 'PUT', '/db/b', { body: {} })), WRITE, 'PUT');
  t.same(await costOf(url, () => http(url, 'POST', '/db', { body: { v: 1 } })), WRITE, 'POST /{db}');
  t.same(await costOf(url, () => http(url, 'PUT', '/db/_local/x', { body: {} })), WRITE, 'a local document');
  t.same(await costOf(url, () => http(url, 'PUT', '/db/a', { body: { v: 2 } })), WRITE, 'a conflict is found by the database: counted');
  t.same(await costOf(url, () => http(url, 'PUT', '/db/a', { body: [1] })), NOTHING, 'a body refused before the database');
  t.same(await costOf(url, () => http(url, 'PUT', '/db/b', { body: { _rev: 'bogus' } })), NOTHING, 'a malformed rev');
  t.same(await costOf(url, () => http(url, 'PUT', '/db/b', { body: { _bogus: 1 } })), NOTHING, 'a reserved member');

  const del = await costOf(url, () => http(url, 'DELETE', `/db/a?rev=${put.json.rev}`));
  t.same(del, { reads: 1, writes: 1 }, 'DELETE: CouchDB opens the document, then writes');
  t.same(await costOf(url, () => http(url, 'DELETE', '/db/a?rev=2-x')), READ, 'DELETE of a deleted document: a 404 after the open');
  t.same(await costOf(url, () => http(url, 'DELETE', '/db/b')), { reads: 1, writes: 1 }, 'DELETE without a rev: a conflict, after the open');

  const rev: string = (await http(url, 'GET', '/db/b')).json._rev;
  const attached = await costOf(url, () => http(url, 'PUT', `/db/b/f.txt?rev=${rev}`, { headers: { 'content-type': 'text/plain' } }));
  t.same(attached, { reads: 1, writes: 1 }, 'an attachment written to a rev: that rev opened, then written');
  t.same(await costOf(url, () => http(url, 'PUT', '/db/c/f.txt')), WRITE, 'an attachment on a new document');

  const bulk = (body: unknown) => () => http(url, 'POST', '/db/_bulk_docs', { body });
  t.same(await costOf(url, bulk({ docs: [{ _id: 'x' }, { _id: 'y' }, { _id: 'z' }] })), WRITE, '_bulk_docs: one write per batch, not per document');
  t.same(await costOf(url, bulk({ docs: [{ _id: 'x' }, { _id: 'w' }] })), WRITE, 'a batch with a conflict in it');
  t.same(await costOf(url, bulk({ new_edits: false, docs: [{ _id: 'r', _rev: '1-abc' }] })), WRITE, 'new_edits: false');
  t.same(await costOf(url, bulk({ docs: [] })), NOTHING, 'an empty batch reaches no database');
  t.same(await costOf(url, bulk({ docs: [1] })), NOTHING, 'a batch refused as a whole');
});

t.test('two servers in one process keep their own counts', async (t) => {
  const a = await startCouch(t);
  const b = await startCouch(t);
  await http(a.getUrl(), 'PUT', '/db');
  await http(a.getUrl(), 'PUT', '/db/doc', { body: {} });
  await http(a.getUrl(), 'GET', '/db/doc');
  await http(a.getUrl(), 'GET', '/db/doc');
  const onA = await counters(a.getUrl());
  const onB = await counters(b.getUrl());
  t.same([onA.database_reads.value, onA.database_writes.value, onA.httpd.requests.value], [2, 1, 4]);
  t.same([onB.database_reads.value, onB.database_writes.value, onB.httpd.requests.value], [0, 0, 0], 'b saw nothing of it');
});
