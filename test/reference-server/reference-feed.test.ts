import t from 'tap';
import { TcpFaultProxy } from '../../harness/faults/tcp-fault-proxy.js';
import { seedDocuments } from '../../harness/environment/seed-documents.js';
import nano from 'nano';
import { eventually, request, revInBody, startCouch, startImplementation } from '../helpers/stack.js';

t.test('while the changes feed is down the reference answers no 304, then resumes from the last seq', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 5);
  const proxy = new TcpFaultProxy('127.0.0.1', couch.getPort());
  const { port } = await proxy.start();
  t.teardown(() => proxy.stop());
  const app = await startImplementation(t, 'reference', `http://127.0.0.1:${port}`, 'bench', { heartbeatMs: 100 });
  const health = async () => JSON.parse((await request(`${app.url}/health`)).body) as { status: string; feed: { state: string } };

  const first = await request(`${app.url}/doc/doc-1`);
  const conditional = () => request(`${app.url}/doc/doc-1`, { headers: { 'If-None-Match': first.etag! } });
  t.equal((await conditional()).status, 304);

  proxy.cut();
  t.ok(await eventually(async () => (await health()).feed.state === 'down', 5000), '/health says the feed is down');
  t.equal((await health()).status, 'degraded');
  const during = await conditional();
  t.not(during.status, 304, 'no 304 while the feed is down');
  t.ok(during.status < 500 || during.status === 502, `a clear answer (${during.status})`);

  // Written while the implementation cannot hear of it: only resuming from the last seq reveals it.
  const direct = nano(couch.getUrl()).use<Record<string, unknown>>('bench');
  const doc = await direct.get('doc-1');
  const written = await direct.insert({ ...doc, title: 'written during the outage' });

  proxy.restore();
  t.ok(await eventually(async () => (await health()).feed.state === 'live', 10_000), 'the feed reconnects');
  const after = await conditional();
  t.equal(after.status, 200, 'the change made during the outage invalidated the page');
  t.equal(revInBody(after.body), written.rev);
  t.equal((await request(`${app.url}/doc/doc-1`, { headers: { 'If-None-Match': after.etag! } })).status, 304, 'and 304s come back');
});
