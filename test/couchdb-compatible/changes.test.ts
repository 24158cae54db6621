// `_changes` in every feed kind, with opaque seqs that are only ever passed back as `since`.
import t, { type Test } from 'tap';
import { eventually, http, openStream, startCouch } from './fixture.js';

const SEQ = /^\d+-g1AAAA[A-Za-z0-9_-]+$/;

function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function setup(t: Test): Promise<string> {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  await http(url, 'POST', '/db/_bulk_docs', {
    body: {
      docs: [
        { _id: 'a', group: 'g-1' },
        { _id: 'b', group: 'g-2' },
        { _id: 'c', group: 'g-1' },
      ],
    },
  });
  return url;
}

t.test('normal feed: rows like CouchDB, opaque seqs, include_docs, limit, descending', async (t) => {
  const url = await setup(t);
  const all = await http(url, 'GET', '/db/_changes?include_docs=true');
  t.equal(all.status, 200);
  t.same(
    all.json.results.map((r: { id: string }) => r.id),
    ['a', 'b', 'c'],
  );
  const row = all.json.results[0];
  t.same(Object.keys(row), ['seq', 'id', 'changes', 'doc'], 'row keys in CouchDB order');
  t.match(row.seq, SEQ, 'seq is "<n>-g1AAAA…"');
  t.match(all.json.last_seq, SEQ);
  t.equal(all.json.pending, 0);
  t.equal(row.doc.group, 'g-1');

  const limited = await http(url, 'GET', '/db/_changes?limit=1');
  t.equal(limited.json.results.length, 1);
  t.equal(limited.json.pending, 2, 'pending counts what the limit left out');
  const rest = await http(url, 'GET', `/db/_changes?since=${encodeURIComponent(limited.json.last_seq)}`);
  t.same(
    rest.json.results.map((r: { id: string }) => r.id),
    ['b', 'c'],
    'since from an earlier response resumes after it',
  );

  const desc = await http(url, 'GET', '/db/_changes?descending=true');
  t.same(
    desc.json.results.map((r: { id: string }) => r.id),
    ['c', 'b', 'a'],
  );

  const deleted = await http(url, 'DELETE', `/db/a?rev=${all.json.results[0].changes[0].rev}`);
  t.equal(deleted.status, 200);
  const after = await http(url, 'GET', `/db/_changes?since=${encodeURIComponent(all.json.last_seq)}`);
  t.same(
    after.json.results.map((r: { id: string; deleted?: boolean }) => [r.id, r.deleted]),
    [['a', true]],
    'a deletion shows deleted:true',
  );
  const posted = await http(url, 'POST', '/db/_changes', { body: {} });
  t.equal(posted.status, 200, 'POST works like GET');
});

t.test('the same state gives different seq strings, each accepted as since', async (t) => {
  const url = await setup(t);
  const one = await http(url, 'GET', '/db/_changes');
  const two = await http(url, 'GET', '/db/_changes');
  const info = await http(url, 'GET', '/db');
  t.not(one.json.last_seq, two.json.last_seq, 'two normal feeds');
  t.not(one.json.results[2].seq, two.json.results[2].seq, 'the same row in two responses');
  t.not(info.json.update_seq, one.json.last_seq, 'update_seq and last_seq');
  for (const since of [one.json.last_seq, two.json.last_seq, info.json.update_seq, one.json.results[2].seq]) {
    const res = await http(url, 'GET', `/db/_changes?since=${encodeURIComponent(since)}`);
    t.equal(res.status, 200, `since=${since}`);
    t.same(res.json.results, [], 'nothing after the current state');
  }
  t.equal((await http(url, 'GET', '/db/_changes?since=0')).json.results.length, 3, 'since=0');
  t.equal((await http(url, 'GET', '/db/_changes?since=2')).json.results.length, 1, 'a plain integer since');
  t.equal((await http(url, 'GET', '/db/_changes?since=now')).json.results.length, 0, 'since=now');
  const bad = await http(url, 'GET', '/db/_changes?since=12-nonsense');
  t.equal(bad.status, 400);
  t.equal(bad.json.error, 'bad_request', 'a malformed since is a 400');
});

t.test('continuous feed: rows, limit, timeout, then a last_seq line', async (t) => {
  const url = await setup(t);
  const limited = await http(url, 'GET', '/db/_changes?feed=continuous&limit=2&timeout=60000');
  const lines = jsonLines(limited.text);
  t.same(
    lines.slice(0, 2).map((l) => l['id']),
    ['a', 'b'],
    'limit=2 gives two rows…',
  );
  t.equal(lines.length, 3, '…then the end line');
  t.match(lines[2], { last_seq: SEQ, pending: 1 });

  const timedOut = await http(url, 'GET', '/db/_changes?feed=continuous&since=now&timeout=50');
  t.same(
    jsonLines(timedOut.text).map((l) => Object.keys(l)),
    [['last_seq', 'pending']],
    'timeout ends an idle feed',
  );

  const stream = await openStream(url, '/db/_changes?feed=continuous&since=now&heartbeat=20');
  t.teardown(() => stream.close());
  t.equal(stream.status, 200);
  await stream.until((text) => text.includes('\n'));
  t.equal(stream.text().trim(), '', 'a heartbeat is a bare newline');
  await http(url, 'PUT', '/db/d', { body: { group: 'g-3' } });
  await stream.until((text) => text.includes('"id":"d"'));
  t.match(jsonLines(stream.text())[0], { id: 'd', seq: SEQ }, 'a write appears in the live feed');
});

t.test('eventsource feed: data/id events and heartbeats', async (t) => {
  const url = await setup(t);
  const stream = await openStream(url, '/db/_changes?feed=eventsource&heartbeat=20');
  t.teardown(() => stream.close());
  t.match(stream.headers['content-type'], /^text\/event-stream/);
  const text = await stream.until((s) => s.split('\n\n').length > 3 && s.includes('event: heartbeat'));
  const events = text.split('\n\n').filter((e) => e.startsWith('data: '));
  t.equal(events.length, 3, 'one event per change');
  const [data, id] = (events[0] ?? '').split('\n');
  const row = JSON.parse((data ?? '').slice('data: '.length));
  t.equal(row.id, 'a');
  t.equal(id, `id: ${JSON.stringify(row.seq)}`, 'the event id is the seq');
  t.ok(text.includes('event: heartbeat\ndata: \n\n'), "CouchDB's heartbeat event");

  // EventSource reconnects with Last-Event-ID: it is a valid since.
  const resumed = await openStream(url, '/db/_changes?feed=eventsource&timeout=50', { 'last-event-id': JSON.parse(id?.slice(4) ?? '""') });
  const after = await resumed.ended;
  const ids = after
    .split('\n\n')
    .filter((e) => e.startsWith('data: '))
    .map((e) => JSON.parse(e.split('\n')[0]?.slice('data: '.length) ?? '').id);
  t.same(ids, ['b', 'c'], 'resumes after the Last-Event-ID');
});

t.test('longpoll: immediate when changes exist, wakes on a write, empty on timeout', async (t) => {
  const url = await setup(t);
  const immediate = await http(url, 'GET', '/db/_changes?feed=longpoll');
  t.equal(immediate.json.results.length, 3);

  const empty = await http(url, 'GET', `/db/_changes?feed=longpoll&timeout=50&since=${encodeURIComponent(immediate.json.last_seq)}`);
  t.same(empty.json.results, [], 'timeout with nothing new');
  t.match(empty.json.last_seq, SEQ);

  // The answer (headers included) only comes with a change: write once the longpoll is waiting.
  const waiting = http(url, 'GET', `/db/_changes?feed=longpoll&include_docs=true&since=${encodeURIComponent(immediate.json.last_seq)}`);
  const stats = await eventually(
    async () => (await http(url, 'GET', '/_etag_bench/stats')).json,
    (s) => s.openFeeds === 1,
  );
  t.equal(stats.openFeeds, 1, 'the longpoll is waiting');
  await http(url, 'PUT', '/db/late', { body: { group: 'g-9' } });
  const body = (await waiting).json;
  t.same(
    body.results.map((r: { id: string }) => r.id),
    ['late'],
    'the write wakes the longpoll',
  );
  t.equal(body.results[0].doc.group, 'g-9');
  const next = await http(url, 'GET', `/db/_changes?since=${encodeURIComponent(body.last_seq)}`);
  t.same(next.json.results, [], 'its last_seq resumes after the write');
});

t.test('filters: _doc_ids, _selector, _design, _view, design-doc filters; unknown ones are 404', async (t) => {
  const url = await setup(t);
  const byQuery = await http(url, 'GET', `/db/_changes?filter=_doc_ids&doc_ids=${encodeURIComponent('["c","a"]')}`);
  t.same(byQuery.json.results.map((r: { id: string }) => r.id).sort(), ['a', 'c'], '_doc_ids from the query');
  const byBody = await http(url, 'POST', '/db/_changes?filter=_doc_ids', { body: { doc_ids: ['b'] } });
  t.same(
    byBody.json.results.map((r: { id: string }) => r.id),
    ['b'],
    '_doc_ids from the POST body',
  );
  t.equal((await http(url, 'GET', '/db/_changes?filter=_doc_ids')).status, 400, '_doc_ids without ids');

  const selected = await http(url, 'POST', '/db/_changes?filter=_selector', { body: { selector: { group: 'g-1' } } });
  t.same(
    selected.json.results.map((r: { id: string }) => r.id),
    ['a', 'c'],
    '_selector',
  );
  t.notOk('doc' in selected.json.results[0], 'no doc unless include_docs');
  t.equal((await http(url, 'GET', '/db/_changes?filter=_selector')).status, 400, '_selector without a selector');

  await http(url, 'PUT', '/db/_design/app', {
    body: {
      views: { g1: { map: 'function (doc) { if (doc.group === "g-1") emit(doc._id); }' } },
      filters: { g2: 'function (doc) { return doc.group === "g-2"; }' },
    },
  });
  t.same(
    (await http(url, 'GET', '/db/_changes?filter=_design')).json.results.map((r: { id: string }) => r.id),
    ['_design/app'],
  );
  t.same(
    (await http(url, 'GET', '/db/_changes?filter=_view&view=app/g1')).json.results.map((r: { id: string }) => r.id),
    ['a', 'c'],
  );
  t.same(
    (await http(url, 'GET', '/db/_changes?filter=app/g2')).json.results.map((r: { id: string }) => r.id),
    ['b'],
  );

  const live = await http(url, 'POST', '/db/_changes?feed=continuous&filter=_selector&timeout=50', { body: { selector: { group: 'g-2' } } });
  t.same(
    jsonLines(live.text).map((l) => l['id'] ?? 'end'),
    ['b', 'end'],
    'a filter on a continuous feed',
  );

  for (const filter of ['app/nope', 'nope/nope', 'garbage', '_garbage']) {
    const res = await http(url, 'GET', `/db/_changes?filter=${filter}&feed=continuous`);
    t.equal(res.status, 404, `filter=${filter} is 404`);
    t.equal(res.json.error, 'not_found');
  }
  t.equal((await http(url, 'GET', '/db/_changes?filter=_view&view=app/nope')).status, 404, 'a missing view filter');
  t.equal((await http(url, 'GET', '/_up')).status, 200, 'the server still answers');
  t.equal((await http(url, 'GET', '/db/_changes')).json.results.length, 4, 'and still serves changes');
});

t.test('bad parameters are 400s, and a feed on a deleted database ends', async (t) => {
  const url = await setup(t);
  for (const query of ['feed=sideways', 'limit=-1', 'heartbeat=soon', 'timeout=x', 'style=odd']) {
    const res = await http(url, 'GET', `/db/_changes?${query}`);
    t.equal(res.status, 400, query);
    t.equal(res.json.error, 'bad_request');
  }
  t.equal((await http(url, 'GET', '/nodb/_changes')).status, 404, 'a missing database');

  const stream = await openStream(url, '/db/_changes?feed=continuous&since=now&heartbeat=1000');
  t.teardown(() => stream.close());
  await http(url, 'DELETE', '/db');
  const text = await stream.ended;
  t.match(jsonLines(text).at(-1), { last_seq: SEQ }, 'deleting the database ends its feeds');
  const stats = await eventually(
    async () => (await http(url, 'GET', '/_etag_bench/stats')).json,
    (s) => s.openFeeds === 0,
  );
  t.equal(stats.openFeeds, 0);
});

t.test('broken design functions answer JSON errors and the server keeps running', async (t) => {
  const url = await setup(t);
  await http(url, 'PUT', '/db/_design/broken', {
    body: {
      filters: { syntax: 'not js {{', throws: 'function (doc) { throw new Error("boom"); }' },
      views: { syntax: { map: 'function (doc) { emit( }' } },
    },
  });
  const syntax = await http(url, 'GET', '/db/_changes?filter=broken/syntax&feed=continuous');
  t.equal(syntax.status, 400, 'a filter that does not compile');
  t.equal(syntax.json.error, 'compilation_error');
  t.equal((await http(url, 'GET', '/db/_changes?filter=_view&view=broken/syntax')).json.error, 'compilation_error', 'a view filter that does not compile');
  const throws = await http(url, 'GET', '/db/_changes?filter=broken/throws');
  t.equal(throws.status, 500, 'a filter that throws is a 500…');
  t.type(throws.json.error, 'string', '…with a JSON body');
  t.equal((await http(url, 'GET', '/_up')).status, 200, 'the server still answers');
});
