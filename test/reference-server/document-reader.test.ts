// The render path's document read (undici dispatch instead of nano's fetch): what it sends and how it reads answers.
import type { IncomingHttpHeaders } from 'node:http';
import t, { type Test } from 'tap';
import { statusOf } from '../../reference-server/couch/database.js';
import { CouchUnreachableError, DocumentReader } from '../../reference-server/couch/document-reader.js';
import { serveForTest } from '../helpers/local-server.js';

async function fakeCouch(t: Test) {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const port = await serveForTest(t, (req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const id = decodeURIComponent((req.url ?? '').split('/').pop() ?? '');
    if (id === 'doc-1') return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"_id":"doc-1","_rev":"3-abc","group":"g-1"}');
    if (id === 'locked')
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized","reason":"Name or password is incorrect."}');
    if (id === 'broken') return void res.writeHead(500).end('not json');
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not_found","reason":"deleted"}');
  });
  return { port, seen };
}

t.test('reads a document, says undefined for a 404, and throws what statusOf() reads for other statuses', async (t) => {
  const couch = await fakeCouch(t);
  const reader = new DocumentReader(`http://admin:p%40ss@127.0.0.1:${couch.port}`, 'bench');
  t.teardown(() => reader.close());
  t.same(await reader.get('doc-1'), { _id: 'doc-1', _rev: '3-abc', group: 'g-1' });
  t.equal(couch.seen[0]!.url, '/bench/doc-1');
  t.equal(couch.seen[0]!.headers.authorization, `Basic ${Buffer.from('admin:p@ss').toString('base64')}`, 'credentials from the URL, decoded');
  t.equal(await reader.get('gone'), undefined, 'missing or deleted: undefined');
  const error = await reader.get('locked').catch((e: unknown) => e);
  t.equal(statusOf(error), 401, 'a CouchDB error status, as nano reports it');
  t.match((error as Error).message, /401 unauthorized: Name or password is incorrect/);
  await t.rejects(reader.get('broken'), /500 with a body that is not JSON/);
});

t.test('an id is a path segment, encoded, never resolved', async (t) => {
  const couch = await fakeCouch(t);
  const reader = new DocumentReader(`http://127.0.0.1:${couch.port}/prefix/`, 'my-db');
  t.teardown(() => reader.close());
  for (const id of ['..', 'a/b', 'x?y#z', 'é']) await reader.get(id);
  t.same(
    couch.seen.map((s) => s.url),
    ['/prefix/my-db/..', '/prefix/my-db/a%2Fb', '/prefix/my-db/x%3Fy%23z', '/prefix/my-db/%C3%A9'],
  );
  t.equal(couch.seen[0]!.headers.authorization, undefined, 'no credentials, no header');
});

t.test('a refused connection rejects (the server answers 502 for it)', async (t) => {
  const reader = new DocumentReader('http://127.0.0.1:1', 'bench');
  t.teardown(() => reader.close());
  await t.rejects(reader.get('doc-1'), /ECONNREFUSED/);
});

t.test('a CouchDB that drops the connection: CouchUnreachableError, which the server answers with 502', async (t) => {
  const port = await serveForTest(t, (req) => req.socket.destroy());
  const reader = new DocumentReader(`http://127.0.0.1:${port}`, 'bench');
  t.teardown(() => reader.close());
  const error = await reader.get('doc-1').catch((e: unknown) => e);
  t.ok(error instanceof CouchUnreachableError, `${String(error)}`);
  t.match((error as Error).message, /closed|reset|socket/i, 'says what happened');

  const refused = await new DocumentReader('http://127.0.0.1:1', 'bench').get('doc-1').catch((e: unknown) => e);
  t.ok(refused instanceof CouchUnreachableError);
});
