// The harness's own reader of CouchDB's feed, the raw delivery set beside an implementation's lag: it notes when
// each revision arrived, answers for a revision superseded before it was seen, and survives a cut connection by
// resuming from the last seq.
import nano from 'nano';
import t from 'tap';
import { seedDocuments } from '../../harness/environment/seed-documents.js';
import { TcpFaultProxy } from '../../harness/faults/tcp-fault-proxy.js';
import { FeedWatch } from '../../harness/run/feed-watch.js';
import { eventually, startCouch } from '../helpers/stack.js';

t.test('each revision is noted when the feed brought it, after it was acknowledged', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 4);
  const watch = await FeedWatch.start(couch.getUrl(), 'bench', () => performance.now());
  t.teardown(() => watch.stop());
  const db = nano(couch.getUrl()).use<Record<string, unknown>>('bench');

  t.equal(watch.deliveredAt('doc-1', '1-x'), undefined, 'seeding came before the watch: from now on only');
  const sentAt = performance.now();
  const first = await db.insert({ ...(await db.get('doc-1')), title: 'second' });
  t.ok(await eventually(async () => watch.deliveredAt('doc-1', first.rev) !== undefined, 5000), 'the write arrived');
  t.ok(watch.deliveredAt('doc-1', first.rev)! >= sentAt, 'no earlier than it was written');
  t.equal(watch.deliveredAt('doc-2', first.rev), undefined, 'another document was not written');

  const second = await db.insert({ ...(await db.get('doc-1')), title: 'third' });
  t.ok(await eventually(async () => watch.deliveredAt('doc-1', second.rev) !== undefined, 5000), 'the next revision too');
  t.ok(watch.deliveredAt('doc-1', second.rev)! >= watch.deliveredAt('doc-1', first.rev)!, 'in order');
  t.equal(watch.deliveredAt('doc-1', `${Number.parseInt(second.rev, 10) + 1}-later`), undefined, 'a revision not yet written is not delivered');

  const removed = await db.destroy('doc-3', (await db.get('doc-3'))._rev);
  t.ok(await eventually(async () => watch.deliveredAt('doc-3', removed.rev) !== undefined, 5000), 'a delete arrives as its tombstone');
});

t.test('a write during a cut connection is delivered after the reconnection, from the last seq', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 3);
  const proxy = new TcpFaultProxy('127.0.0.1', couch.getPort());
  const { port } = await proxy.start();
  t.teardown(() => proxy.stop());
  const watch = await FeedWatch.start(`http://127.0.0.1:${port}`, 'bench', () => performance.now());
  t.teardown(() => watch.stop());
  const db = nano(couch.getUrl()).use<Record<string, unknown>>('bench');
  const before = await db.insert({ ...(await db.get('doc-1')), title: 'before the cut' });
  t.ok(await eventually(async () => watch.deliveredAt('doc-1', before.rev) !== undefined, 5000), 'delivered while connected');

  proxy.cut();
  const during = await db.insert({ ...(await db.get('doc-2')), title: 'during the cut' });
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.equal(watch.deliveredAt('doc-2', during.rev), undefined, 'not delivered while cut');
  const restoredAt = performance.now();
  proxy.restore();
  t.ok(await eventually(async () => watch.deliveredAt('doc-2', during.rev) !== undefined, 10_000), 'delivered after the reconnection');
  t.ok(watch.deliveredAt('doc-2', during.rev)! >= restoredAt, 'when it arrived, not when it was written');
});

t.test('stop ends the reader at once, and a feed that does not answer fails the start', async (t) => {
  const couch = await startCouch(t);
  await seedDocuments(couch.getUrl(), 'bench', 1);
  const watch = await FeedWatch.start(couch.getUrl(), 'bench', () => performance.now());
  const stopping = performance.now();
  await watch.stop();
  t.ok(performance.now() - stopping < 1000, 'stopped without waiting for a heartbeat');
  await t.rejects(
    FeedWatch.start(couch.getUrl(), 'no-such-db', () => performance.now()),
    'a database that does not exist',
  );
});
