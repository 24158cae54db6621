// _bulk_docs, _all_docs and views, over real HTTP: the status codes, body shapes and key ranges a CouchDB 3
// client relies on, and CouchDB's 400s where an option does not fit.
import t, { type Test } from 'tap';
import { http, startCouch } from './fixture.js';

const q = (value: unknown): string => encodeURIComponent(JSON.stringify(value));

/** A server with database `db` holding doc-0 … doc-9 (group g-(i mod 3), n = i). */
async function seeded(t: Test): Promise<string> {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const docs = Array.from({ length: 10 }, (_, i) => ({ _id: `doc-${i}`, group: `g-${i % 3}`, n: i }));
  const saved = await http(url, 'POST', '/db/_bulk_docs', { body: { docs } });
  t.equal(saved.status, 201, 'seeded');
  return url;
}

const ids = (body: { rows: { id: string }[] }): string[] => body.rows.map((r) => r.id);

t.test('_bulk_docs: one result per document, conflicts per document', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const first = await http(url, 'POST', '/db/_bulk_docs', { body: { docs: [{ _id: 'a', v: 1 }, { v: 2 }] } });
  t.equal(first.status, 201);
  t.equal(first.json.length, 2);
  t.same(Object.keys(first.json[0]).sort(), ['id', 'ok', 'rev']);
  t.equal(first.json[0].id, 'a');
  t.match(first.json[0].rev, /^1-[0-9a-f]{32}$/);
  t.match(first.json[1].id, /^[0-9a-f]{32}$/, 'a document without _id gets an id as CouchDB makes them');

  const second = await http(url, 'POST', '/db/_bulk_docs', {
    body: { docs: [{ _id: 'a', v: 3 }, { _id: 'b' }, { _id: 'a', _rev: first.json[0].rev, v: 4 }] },
  });
  t.equal(second.status, 201, 'a conflict refuses that document, not the request');
  t.same(second.json[0], { id: 'a', error: 'conflict', reason: 'Document update conflict.' });
  t.equal(second.json[1].ok, true);
  t.equal(second.json[2].ok, true, 'the rev named in the body updates');
  t.equal((await http(url, 'GET', '/db/a')).json.v, 4);

  const deleted = await http(url, 'POST', '/db/_bulk_docs', { body: { docs: [{ _id: 'b', _rev: second.json[1].rev, _deleted: true }] } });
  t.equal(deleted.json[0].ok, true, '_deleted through _bulk_docs');
  t.equal((await http(url, 'GET', '/db/b')).status, 404);

  const replicated = await http(url, 'POST', '/db/_bulk_docs', { body: { new_edits: false, docs: [{ _id: 'r', _rev: '3-abc', x: 1 }] } });
  t.equal(replicated.status, 201);
  t.same(replicated.json, [], 'new_edits=false answers the errors only');
  t.equal((await http(url, 'GET', '/db/r')).json._rev, '3-abc', 'and stores the rev as given');
});

t.test('_bulk_docs: a request refused as a whole is a 400', async (t) => {
  const couch = await startCouch(t);
  const url = couch.getUrl();
  await http(url, 'PUT', '/db');
  const cases: [unknown, string][] = [
    [[{ _id: 'x' }], 'Request body must be a JSON object'],
    [{}, 'POST body must include `docs` parameter.'],
    [{ docs: {} }, '`docs` parameter must be an array.'],
    [{ docs: [1] }, 'Document must be a JSON object'],
    [{ docs: [{ _id: 'x' }], new_edits: 'no' }, '`new_edits` parameter must be a boolean.'],
  ];
  for (const [body, reason] of cases) {
    const res = await http(url, 'POST', '/db/_bulk_docs', { body });
    t.equal(res.status, 400, reason);
    t.same(res.json, { error: 'bad_request', reason });
  }
  const reserved = await http(url, 'POST', '/db/_bulk_docs', { body: { docs: [{ _id: 'ok' }, { _id: '_reserved' }] } });
  t.equal(reserved.status, 400, 'a reserved id refuses the whole request');
  t.equal((await http(url, 'GET', '/db/ok')).status, 404, 'and nothing is written');
  t.same((await http(url, 'GET', '/db/_bulk_docs')).json, { error: 'method_not_allowed', reason: 'Only POST allowed' });
  t.equal((await http(url, 'GET', '/db/_bulk_docs')).status, 405);
  t.same((await http(url, 'POST', '/nodb/_bulk_docs', { body: { docs: [] } })).json, { error: 'not_found', reason: 'Database does not exist.' });
});

t.test('_all_docs: ranges, include_docs, limit/skip, descending', async (t) => {
  const url = await seeded(t);
  const all = await http(url, 'GET', '/db/_all_docs');
  t.equal(all.status, 200);
  t.equal(all.json.total_rows, 10);
  t.equal(all.json.offset, 0);
  t.same(all.json.rows[0], { id: 'doc-0', key: 'doc-0', value: { rev: all.json.rows[0].value.rev } });
  t.notOk('doc' in all.json.rows[0], 'no doc without include_docs');

  const docs = await http(url, 'GET', '/db/_all_docs?include_docs=true&limit=2');
  t.same(ids(docs.json), ['doc-0', 'doc-1']);
  t.equal(docs.json.rows[1].doc.n, 1, 'include_docs');
  t.same(ids((await http(url, 'GET', `/db/_all_docs?startkey=${q('doc-2')}&endkey=${q('doc-4')}`)).json), ['doc-2', 'doc-3', 'doc-4']);
  t.same(ids((await http(url, 'GET', `/db/_all_docs?start_key=${q('doc-2')}&end_key=${q('doc-4')}&inclusive_end=false`)).json), ['doc-2', 'doc-3']);
  t.same(ids((await http(url, 'GET', `/db/_all_docs?key=${q('doc-5')}`)).json), ['doc-5']);
  const down = await http(url, 'GET', `/db/_all_docs?descending=true&startkey=${q('doc-4')}&endkey=${q('doc-2')}`);
  t.same(ids(down.json), ['doc-4', 'doc-3', 'doc-2'], 'descending walks from startkey down to endkey');
  const page = await http(url, 'GET', '/db/_all_docs?skip=3&limit=2');
  t.same(ids(page.json), ['doc-3', 'doc-4']);
  t.equal(page.json.offset, 3);
  t.match((await http(url, 'GET', '/db/_all_docs?update_seq=true')).json.update_seq, /^\d+-/, 'update_seq is an opaque seq');

  const reversed = await http(url, 'GET', `/db/_all_docs?startkey=${q('doc-4')}&endkey=${q('doc-2')}`);
  t.equal(reversed.status, 400, 'a reversed range is refused, as CouchDB does');
  t.same(reversed.json, {
    error: 'query_parse_error',
    reason: 'No rows can match your key range, reverse your start_key and end_key or set descending=true',
  });
  t.same((await http(url, 'GET', '/db/_all_docs?key=doc-5')).json, { error: 'bad_request', reason: 'invalid UTF-8 JSON' }, 'keys are JSON');
  t.same((await http(url, 'GET', '/db/_all_docs?limit=-1')).json, { error: 'query_parse_error', reason: 'Invalid value for positive integer: "-1"' });
  t.same((await http(url, 'GET', '/db/_all_docs?include_docs=yes')).json, { error: 'query_parse_error', reason: 'Invalid boolean parameter: "yes"' });
  t.equal((await http(url, 'HEAD', '/db/_all_docs')).status, 200);
  t.equal((await http(url, 'PUT', '/db/_all_docs')).status, 405);
  t.equal((await http(url, 'GET', '/nodb/_all_docs')).status, 404);
});

t.test('_all_docs with keys: their order, missing and deleted ones', async (t) => {
  const url = await seeded(t);
  const rev = (await http(url, 'GET', '/db/doc-3')).json._rev;
  await http(url, 'DELETE', `/db/doc-3?rev=${rev}`);
  const byKeys = await http(url, 'POST', '/db/_all_docs?include_docs=true', { body: { keys: ['doc-7', 'nope', 'doc-3', 'doc-1'] } });
  t.equal(byKeys.status, 200);
  t.equal(byKeys.json.total_rows, 9);
  t.equal(byKeys.json.offset, null, 'no offset with keys, as CouchDB');
  const [seven, nope, three, one] = byKeys.json.rows;
  t.equal(seven.doc.n, 7, 'keys keep their order');
  t.same(nope, { key: 'nope', error: 'not_found' }, 'a missing key');
  t.same(three.value.deleted, true, 'a deleted document');
  t.equal(three.doc, null);
  t.equal(one.id, 'doc-1');
  const window = await http(url, 'POST', '/db/_all_docs?descending=true&skip=1&limit=2', { body: { keys: ['doc-0', null, 'doc-2', 'doc-5'] } });
  t.same(
    window.json.rows.map((r: { key: unknown; error?: string }) => [r.key, r.error]),
    [
      ['doc-2', undefined],
      [null, 'not_found'],
    ],
    'descending reverses the keys, then skip and limit apply; a key that is no id is missing',
  );
  const viaQuery = await http(url, 'GET', `/db/_all_docs?keys=${q(['doc-2', 'doc-0'])}`);
  t.same(ids(viaQuery.json), ['doc-2', 'doc-0'], 'keys in the query string');
  t.same((await http(url, 'POST', '/db/_all_docs', { body: { keys: 'doc-1' } })).json, {
    error: 'bad_request',
    reason: '`keys` body member must be an array.',
  });
  t.same((await http(url, 'POST', `/db/_all_docs?key=${q('doc-1')}`, { body: { keys: ['doc-1'] } })).json, {
    error: 'query_parse_error',
    reason: '`keys` is incompatible with `key`, `start_key` and `end_key`',
  });
  t.same((await http(url, 'POST', '/db/_all_docs', { body: [1] })).json, { error: 'bad_request', reason: 'Request body must be a JSON object' });
});

const DESIGN = {
  views: {
    by_group: { map: 'function (doc) { if (doc.group) emit(doc.group, doc.n); }', reduce: '_sum' },
    by_pair: { map: 'function (doc) { if (doc.group) emit([doc.group, doc.n], null); }', reduce: '_count' },
    ids: { map: 'function (doc) { emit(doc._id, null); }' },
    broken: { map: 'function (doc) { emit(' },
  },
};

t.test('views: keys, ranges, include_docs, reduce, group, group_level', async (t) => {
  const url = await seeded(t);
  t.equal((await http(url, 'PUT', '/db/_design/app', { body: DESIGN })).status, 201);
  const view = (name: string, query = ''): Promise<{ status: number; json: any }> => http(url, 'GET', `/db/_design/app/_view/${name}${query}`);

  const byKey = await view('by_group', `?reduce=false&key=${q('g-1')}&include_docs=true`);
  t.equal(byKey.status, 200);
  t.equal(byKey.json.total_rows, 10);
  t.same(ids(byKey.json), ['doc-1', 'doc-4', 'doc-7'], 'key');
  t.same(
    byKey.json.rows.map((r: { key: string; value: number; doc: { n: number } }) => [r.key, r.value, r.doc.n]),
    [
      ['g-1', 1, 1],
      ['g-1', 4, 4],
      ['g-1', 7, 7],
    ],
    'rows carry key, value and doc',
  );
  const range = await view('by_pair', `?reduce=false&startkey=${q(['g-0', 3])}&endkey=${q(['g-1', 4])}`);
  t.same(ids(range.json), ['doc-3', 'doc-6', 'doc-9', 'doc-1', 'doc-4'], 'startkey/endkey over array keys, in collation order');
  const exclusive = await view('by_pair', `?reduce=false&startkey=${q(['g-1'])}&endkey=${q(['g-1', 7])}&inclusive_end=false`);
  t.same(ids(exclusive.json), ['doc-1', 'doc-4'], 'inclusive_end=false');
  const down = await view('by_pair', `?reduce=false&descending=true&startkey=${q(['g-2', {}])}&endkey=${q(['g-2'])}&limit=2`);
  t.same(ids(down.json), ['doc-8', 'doc-5'], 'descending with limit');
  t.same(ids((await view('ids', '?skip=8')).json), ['doc-8', 'doc-9'], 'skip');

  t.same((await view('by_group')).json, { rows: [{ key: null, value: 45 }] }, 'reduce by default, one row');
  t.same(
    (await view('by_group', '?group=true')).json.rows,
    [
      { key: 'g-0', value: 18 },
      { key: 'g-1', value: 12 },
      { key: 'g-2', value: 15 },
    ],
    'group=true',
  );
  t.same(
    (await view('by_pair', '?group_level=1')).json.rows,
    [
      { key: ['g-0'], value: 4 },
      { key: ['g-1'], value: 3 },
      { key: ['g-2'], value: 3 },
    ],
    'group_level',
  );
  t.same(
    (await view('by_group', `?group=true&keys=${q(['g-2', 'g-0'])}`)).json.rows.map((r: { key: string }) => r.key),
    ['g-2', 'g-0'],
    'grouped keys',
  );
  const posted = await http(url, 'POST', '/db/_design/app/_view/by_group?reduce=false', { body: { keys: ['g-2', 'nope', 'g-0'], limit: 4 } });
  t.same(ids(posted.json), ['doc-2', 'doc-5', 'doc-8', 'doc-0'], 'POST keys: each key in turn, body options too');
  t.match((await view('ids', '?update_seq=true&limit=0')).json, { update_seq: /^\d+-/, rows: [] }, 'update_seq');
  t.equal((await http(url, 'HEAD', '/db/_design/app/_view/ids')).status, 200);
});

t.test('views: POST queries, and CouchDB 400s and 404s', async (t) => {
  const url = await seeded(t);
  await http(url, 'PUT', '/db/_design/app', { body: DESIGN });
  const view = (name: string, query = ''): Promise<{ status: number; json: any }> => http(url, 'GET', `/db/_design/app/_view/${name}${query}`);

  const multi = await http(url, 'POST', '/db/_design/app/_view/by_group?reduce=false', {
    body: {
      queries: [
        { key: 'g-2', limit: 1 },
        { keys: ['g-0'], skip: 3 },
      ],
    },
  });
  t.equal(multi.status, 200);
  t.same(
    multi.json.results.map((r: { rows: { id: string }[] }) => ids(r)),
    [['doc-2'], ['doc-9']],
    'one result per query, each over the query string',
  );

  const refused: [string, string][] = [
    ['ids?reduce=true', 'Reduce is invalid for map-only views.'],
    ['ids?group=true', 'Invalid use of grouping on a map view.'],
    ['by_group?reduce=false&group_level=1', 'Invalid use of grouping on a map view.'],
    ['by_group?include_docs=true', '`include_docs` is invalid for reduce'],
    [`by_group?keys=${q(['g-1'])}`, 'Multi-key fetchs for reduce views must use `group=true`'],
    ['by_group?group=false&group_level=1', "Can't specify group=false and group_level>0 at the same time"],
    [`ids?startkey=${q('b')}&endkey=${q('a')}`, 'No rows can match your key range, reverse your start_key and end_key or set descending=true'],
    [`ids?descending=true&startkey=${q('a')}&endkey=${q('b')}`, 'No rows can match your key range, reverse your start_key and end_key or set descending=false'],
  ];
  for (const [path, reason] of refused) {
    const res = await view(path);
    t.equal(res.status, 400, path);
    t.same(res.json, { error: 'query_parse_error', reason }, path);
  }
  t.equal((await view('broken')).json.error, 'compilation_error', 'a map that does not compile is a 400, not empty rows');
  t.same((await view('nope')).json, { error: 'not_found', reason: 'missing_named_view' }, 'a missing view');
  const missingDdoc = await http(url, 'GET', '/db/_design/none/_view/x');
  t.equal(missingDdoc.status, 404);
  t.same(missingDdoc.json, { error: 'not_found', reason: 'missing' }, 'a missing design document');
  t.same((await http(url, 'DELETE', '/db/_design/app/_view/ids')).json, { error: 'method_not_allowed', reason: 'Only GET,HEAD,POST allowed' });
  t.equal((await http(url, 'GET', '/nodb/_design/app/_view/ids')).status, 404);
});
