// GET /_etag_bench/stats counts requests per route template, exactly, so snapshots can be diffed.
import t from 'tap';
import Nano from 'nano';
import { http, startCouch } from './fixture.js';

t.test('counts each request once, by method and route template', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  const stats = async (): Promise<{ requests: Record<string, number>; total: number; openFeeds: number }> =>
    (await http(url, 'GET', '/_etag_bench/stats')).json;
  const initial = await stats();
  t.same(initial, { requests: {}, total: 0, openFeeds: 0 }, 'the stats route itself is not counted');

  await http(url, 'PUT', '/db');
  const rev: string = (await http(url, 'PUT', '/db/doc-1', { body: { group: 'g-1' } })).json.rev;
  const before = await stats();
  for (let i = 0; i < 3; i += 1) await http(url, 'GET', '/db/doc-1');
  await http(url, 'GET', '/db/doc-2'); // a 404 is still a request
  await http(url, 'HEAD', '/db/doc-1');
  await http(url, 'GET', '/db/doc-1', { headers: { 'if-none-match': `"${rev}"` } });
  const after = await stats();
  t.equal(after.requests['GET /{db}/{id}'], (before.requests['GET /{db}/{id}'] ?? 0) + 5, '3 GETs + a 404 + a 304 → +5');
  t.equal(after.requests['HEAD /{db}/{id}'], 1, 'HEAD is counted apart from GET');
  t.equal(after.total, before.total + 6);

  const nano = Nano(url);
  const db = nano.use('db');
  await db.bulk({ docs: [{ _id: 'doc-3' }] });
  await db.insert({ _id: '_design/app', views: { by_group: { map: 'function (doc) { emit(doc.group); }' } } } as never);
  await db.view('app', 'by_group', { key: 'g-1' });
  await db.changes({ since: 0 });
  await db.list();
  await http(url, 'GET', '/db/_design/app');
  await http(url, 'GET', '/db/_local/x');
  await http(url, 'GET', '/db/doc-1/attachment.txt');
  await http(url, 'GET', '/_all_dbs');
  await http(url, 'GET', '/db');
  await http(url, 'GET', '/');

  const final = await stats();
  t.same(final.requests, {
    'GET /': 1,
    'GET /_all_dbs': 1,
    'GET /{db}': 1,
    'GET /{db}/_all_docs': 1,
    'GET /{db}/_changes': 1,
    'GET /{db}/_design/{ddoc}': 1,
    'GET /{db}/_design/{ddoc}/_view/{view}': 1,
    'GET /{db}/_local/{id}': 1,
    'GET /{db}/{id}': 5,
    'GET /{db}/{id}/{attachment}': 1,
    'HEAD /{db}/{id}': 1,
    'POST /{db}/_bulk_docs': 1,
    'POST /{db}': 1, // nano inserts a doc with an _id and no name by POST
    'PUT /{db}': 1,
    'PUT /{db}/{id}': 1,
  });
  t.equal(
    final.total,
    Object.values(final.requests).reduce((a, b) => a + b, 0),
    'total is the sum',
  );
  t.equal(final.openFeeds, 0);
});
