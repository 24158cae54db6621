// withDataDir(): databases on disk, found again by the next server on the same dir, with their revs, seqs,
// changes and views; and the LevelDB LOCK released on stop().
import t, { type Test } from 'tap';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedCouchDb, type StartedEmbeddedCouchDb } from '../../harness/couchdb-compatible/embedded-couchdb.js';
import { storeDirName, storedDatabaseNames } from '../../harness/couchdb-compatible/leveldb-storage.js';
import { http } from './fixture.js';

const DESIGN = { views: { 'by-group': { map: 'function (doc) { if (doc.group) emit(doc.group, null); }' } } };

async function dataDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'embedded-couchdb-persistent-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function startOn(t: Test, dir: string, port = 0): Promise<StartedEmbeddedCouchDb> {
  const couch = await new EmbeddedCouchDb().withDataDir(dir).withPort(port).start();
  t.teardown(() => couch.stop());
  return couch;
}

t.test('a server started again on the same dir has the documents, revs, seqs, changes and views', async (t) => {
  const dir = await dataDir(t);
  const first = await startOn(t, dir);
  let url = first.getUrl();
  t.equal((await http(url, 'PUT', '/db')).status, 201);
  const a = (await http(url, 'PUT', '/db/a', { body: { group: 'g-1' } })).json;
  const b = (await http(url, 'PUT', '/db/b', { body: { group: 'g-2' } })).json;
  await http(url, 'PUT', '/db/_design/etag-bench', { body: DESIGN });
  t.equal((await http(url, 'GET', '/db/_design/etag-bench/_view/by-group')).json.total_rows, 2, 'view built before the restart');
  const before = (await http(url, 'GET', '/db')).json;
  await first.stop();

  const second = await startOn(t, dir, first.getPort());
  url = second.getUrl();
  t.same((await http(url, 'GET', '/_all_dbs')).json, ['db'], 'the database is listed again');
  const info = await http(url, 'GET', '/db');
  t.equal(info.status, 200);
  t.equal(info.json.doc_count, 3);
  t.equal(parseInt(info.json.update_seq, 10), parseInt(before.update_seq, 10), 'update_seq kept');
  t.equal((await http(url, 'GET', '/db/a')).json._rev, a.rev, 'rev of a kept');
  t.equal((await http(url, 'GET', '/db/b')).json._rev, b.rev, 'rev of b kept');

  const after = await http(url, 'PUT', '/db/c', { body: { group: 'g-1' } });
  const since = await http(url, 'GET', `/db/_changes?since=${encodeURIComponent(before.update_seq)}`);
  t.same(
    since.json.results.map((row: { id: string }) => row.id),
    ['c'],
    'since=<seq before the restart> gives only later changes',
  );
  t.equal(since.json.results[0].changes[0].rev, after.json.rev);
  const view = await http(url, 'GET', '/db/_design/etag-bench/_view/by-group?key=%22g-1%22');
  t.same(
    view.json.rows.map((row: { id: string }) => row.id),
    ['a', 'c'],
    'the view answers with old and new documents',
  );
});

t.test('names are stored as one safe directory each; deleting a database removes its directories', async (t) => {
  t.equal(storeDirName('a$b(c)+d-e_1'), 'a%24b%28c%29%2bd-e_1');
  t.equal(storeDirName('a/b'), 'a%2fb', 'a "/" never makes a sub-directory');
  const dir = await dataDir(t);
  const first = await startOn(t, dir);
  let url = first.getUrl();
  await http(url, 'PUT', '/a$b(c)+d');
  await http(url, 'PUT', '/viewed');
  await http(url, 'PUT', '/viewed/_design/etag-bench', { body: DESIGN });
  await http(url, 'GET', '/viewed/_design/etag-bench/_view/by-group');
  const stored = await readdir(dir);
  t.ok(stored.includes('a%24b%28c%29%2bd'), `stored as ${JSON.stringify(stored)}`);
  t.ok(
    stored.some((name) => name.startsWith('viewed-mrview-')),
    'the view index has a store of its own',
  );
  t.same(await storedDatabaseNames(dir), ['a$b(c)+d', 'viewed'], 'view stores are not listed as databases');
  await first.stop();

  const second = await startOn(t, dir);
  url = second.getUrl();
  t.same((await http(url, 'GET', '/_all_dbs')).json, ['a$b(c)+d', 'viewed']);
  t.equal((await http(url, 'DELETE', '/viewed')).status, 200);
  t.same(await readdir(dir), ['a%24b%28c%29%2bd'], 'the database and its view store are gone from disk');
});

t.test('a dir in use is a StartupError; stop() releases it for the next server', async (t) => {
  const dir = await dataDir(t);
  const first = await startOn(t, dir);
  await http(first.getUrl(), 'PUT', '/db');
  await t.rejects(new EmbeddedCouchDb().withDataDir(dir).start(), { code: 'EB_ERR_STARTUP', message: /data dir/ });
  await first.stop();
  const second = await startOn(t, dir);
  t.equal((await http(second.getUrl(), 'GET', '/db')).status, 200, 'the LOCK was released by stop()');
});

t.test('withDataDir creates a missing dir and refuses an empty path', async (t) => {
  const dir = join(await dataDir(t), 'nested', 'deeper');
  const couch = await startOn(t, dir);
  await http(couch.getUrl(), 'PUT', '/db');
  t.same(await readdir(dir), ['db']);
  t.throws(() => new EmbeddedCouchDb().withDataDir(' '), { code: 'EB_ERR_INVALID_OPTION' });
});
