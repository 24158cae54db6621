import t from 'tap';
import nano from 'nano';
import { seedDocuments } from '../../harness/environment/seed-documents.js';
import { spawnReady } from '../helpers/processes.js';
import { eventually, request, revInBody, startCouch } from '../helpers/stack.js';

t.test('several reference processes against one CouchDB each follow the feed and stay correct', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 5);
  const env = { HOST: '127.0.0.1', PORT: '0', COUCHDB_URL: couch.getUrl(), COUCHDB_DB: 'bench' };
  const a = await spawnReady(t, ['dist/reference-server/main.js', 'reference'], env);
  const b = await spawnReady(t, ['dist/reference-server/main.js', 'reference'], env);
  const urls = [a.ready.url as string, b.ready.url as string];

  const etags = await Promise.all(urls.map(async (url) => (await request(`${url}/doc/doc-1`)).etag!));
  t.equal(etags[0], etags[1], 'both serve the same revision');

  // A write through instance A must reach instance B through the feed.
  const doc = await nano(couch.getUrl()).use<Record<string, unknown>>('bench').get('doc-1');
  const put = await request(`${urls[0]}/doc/doc-1`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ ...doc, title: 'through A' }),
  });
  const { rev } = JSON.parse(put.body) as { rev: string };
  for (const url of urls) {
    let last = await request(`${url}/doc/doc-1`, { headers: { 'If-None-Match': etags[0]! } });
    const seen = await eventually(async () => {
      last = await request(`${url}/doc/doc-1`, { headers: { 'If-None-Match': etags[0]! } });
      return last.status === 200;
    });
    t.ok(seen, `${url} no longer validates the old ETag`);
    t.equal(revInBody(last.body), rev);
  }

  t.equal(await a.stop(), 0, 'instance A exits cleanly on SIGTERM');
  t.equal(await b.stop(), 0, 'instance B exits cleanly on SIGTERM');
});
