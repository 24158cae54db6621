// withAdmin(): every route but `GET /` and `GET /_up` needs the admin's basic auth, with CouchDB's 401s.
import t from 'tap';
import Nano from 'nano';
import { http, startCouch } from './fixture.js';

function basic(user: string, password: string): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` };
}

t.test('without credentials, with wrong ones, with the right ones', async (t) => {
  const couch = await startCouch(t, (c) => c.withAdmin('admin', 'p@ss:w/rd'));
  const url = couch.getUrl();
  t.notMatch(url, /@/, 'getUrl() carries no credentials');

  t.equal((await http(url, 'GET', '/')).status, 200, 'GET / is public');
  t.equal((await http(url, 'GET', '/_up')).status, 200, 'GET /_up is public');

  for (const [method, path] of [
    ['PUT', '/db'],
    ['GET', '/_all_dbs'],
    ['GET', '/db/doc'],
    ['GET', '/_etag_bench/stats'],
    ['GET', '/db/_changes'],
  ]) {
    const missing = await http(url, method ?? 'GET', path ?? '/');
    t.equal(missing.status, 401, `${method} ${path} without credentials`);
    t.same(missing.json, { error: 'unauthorized', reason: 'You are not a server admin.' });
  }
  const wrong = await http(url, 'PUT', '/db', { headers: basic('admin', 'nope') });
  t.equal(wrong.status, 401);
  t.same(wrong.json, { error: 'unauthorized', reason: 'Name or password is incorrect.' });
  t.equal((await http(url, 'PUT', '/db', { headers: basic('someone', 'p@ss:w/rd') })).status, 401, 'wrong user');
  t.equal((await http(url, 'PUT', '/db', { headers: { authorization: 'Bearer x' } })).status, 401, 'not basic auth');
  t.equal((await http(url, 'PUT', '/db', { headers: basic('admin', 'p@ss:w/rd') })).status, 201, 'the admin may');
});

t.test('nano with the credentials in the URL works', async (t) => {
  const couch = await startCouch(t, (c) => c.withAdmin('admin', 'p@ss:w/rd'));
  const authenticated = couch.getAuthenticatedUrl();
  t.equal(authenticated, `http://admin:p%40ss%3Aw%2Frd@127.0.0.1:${couch.getPort()}`, 'user:password@, percent-encoded');
  const nano = Nano(authenticated);
  await nano.db.create('db');
  const db = nano.use<{ n: number }>('db');
  const saved = await db.insert({ _id: 'doc', n: 1 });
  t.equal((await db.get('doc'))._rev, saved.rev);
  t.same(await nano.db.list(), ['db']);
  await t.rejects(Nano(couch.getUrl()).db.list(), { statusCode: 401 } as unknown as Error, 'nano without credentials gets the 401');
});

t.test('without withAdmin, no auth is asked and the authenticated URL is the plain one', async (t) => {
  const couch = await startCouch(t);
  t.equal(couch.getAuthenticatedUrl(), couch.getUrl());
  t.equal((await http(couch.getUrl(), 'PUT', '/db')).status, 201);
});
