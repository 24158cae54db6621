// A render that read a document before a write through the app and answers after it: the registry refuses it
// (the race fence), and the answer says so to any cache in front (`X-Accel-Expires: @1`, expired already) even
// when the reference purges nothing. Otherwise a revalidating proxy that coalesced later requests onto that
// fetch (Varnish's waiting list) hands the old page to clients who asked after the write (seen in the faults
// scenario: requests sent 50–100 ms after a write got the version before it).

import { createServer, request as httpRequest } from 'node:http';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { request, revInBody, startCouch, startImplementation } from '../helpers/stack.js';
import { seedDocuments } from '../../harness/environment/seed-documents.js';

/** Forwards to CouchDB; holds the answer to a read of `/bench/doc-1` until `release()`. */
async function holdingCouch(t: Parameters<typeof startCouch>[0], couchPort: number) {
  let release: () => void = () => {};
  let holding = false;
  const held = new Promise<void>((resolve) => (release = resolve));
  let readHeld: () => void = () => {};
  const readArrived = new Promise<void>((resolve) => (readHeld = resolve));
  const server = createServer((req, res) => {
    const upstream = httpRequest({ host: '127.0.0.1', port: couchPort, method: req.method, path: req.url, headers: req.headers }, async (answer) => {
      if (holding && req.method === 'GET' && /^\/bench\/doc-1(\?|$)/.test(req.url ?? '')) {
        readHeld();
        await held;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(upstream);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  t.teardown(() => {
    release();
    server.closeAllConnections();
    server.close();
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hold: () => (holding = true), readArrived, release: () => release() };
}

t.test('a render overtaken by a write through the app is marked expired for the proxy, with or without a purger', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 3);
  const couchdb = await holdingCouch(t, couch.getPort());
  const app = await startImplementation(t, 'reference', couchdb.url, 'bench');

  const before = await request(`${app.url}/doc/doc-1`);
  t.equal(before.headers.get('x-accel-expires'), null, 'an ordinary render is not marked');

  couchdb.hold();
  const slow = request(`${app.url}/doc/doc-1`);
  await couchdb.readArrived;
  // The write goes through the app while the render's read is held; the save handler invalidates at once.
  const saved = await fetch(`${app.url}/doc/doc-1`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'if-match': before.etag! },
    body: JSON.stringify({ title: 'changed during the render', group: 'g-1' }),
  });
  t.equal(saved.status, 201, 'the write is acknowledged');
  couchdb.release();
  const overtaken = await slow;
  t.equal(overtaken.status, 200);
  t.equal(revInBody(overtaken.body), revInBody(before.body), 'the render shows what it read: the version before the write');
  t.equal(overtaken.headers.get('x-accel-expires'), '@1', 'and tells the proxy it is expired already');
});
