import t from 'tap';
import { History } from '../../harness/oracle/history.js';
import { historyOf, rev, revision } from './fixtures/history-builder.js';

t.test('revisions of a document are in winner order whatever order they were recorded in', async (t) => {
  const history = historyOf(
    revision('d', 3, { ackAt: 30 }),
    revision('d', 1, { ackAt: 10 }),
    revision('d', 10, { ackAt: 100 }),
    revision('d', 2, { ackAt: 20 }),
  );
  t.same(
    history.revisionsOf('d').map((r) => r.ackAt),
    [10, 20, 30, 100],
    'generation 10 sorts after generation 3 (numeric, not string order); the winner is last',
  );
  t.same(history.revisionsOf('unknown'), [], 'an unknown document has no revisions');
});

t.test('within a generation the greater rev string wins', async (t) => {
  const low = `2-${'0'.repeat(32)}`;
  const high = `2-${'f'.repeat(32)}`;
  const history = historyOf(
    { docId: 'd', rev: high, deleted: false, ackAt: 1, via: 'couch' },
    { docId: 'd', rev: low, deleted: false, ackAt: 2, via: 'couch' },
  );
  t.same(
    history.revisionsOf('d').map((r) => r.rev),
    [low, high],
  );
});

t.test('a repeated record keeps the earliest ack and the writer’s send time and route', async (t) => {
  const history = new History();
  const written = revision('d', 1, { ackAt: 12, sentAt: 10, via: 'app', group: 'g' });
  history.record({ ...written, sentAt: undefined, via: 'feed', ackAt: 11 });
  history.record(written);
  history.record({ ...written, sentAt: undefined, via: 'feed', ackAt: 15 });
  t.same(history.revisionsOf('d'), [{ ...written, ackAt: 11 }], 'one record: the writer’s, acked when first seen');
  t.equal(history.latestDueBy('d', 11)?.rev, written.rev, 'the earliest sighting counts as its acknowledgement');
});

t.test('latest revision due by a time (by default: acknowledged)', async (t) => {
  const history = historyOf(revision('d', 2, { ackAt: 20 }), revision('d', 1, { ackAt: 10 }));
  t.equal(history.latestDueBy('d', 9), undefined, 'nothing acknowledged yet');
  t.equal(history.latestDueBy('d', 10)?.ackAt, 10, 'acknowledged at exactly t counts');
  t.equal(history.latestDueBy('d', 19.9)?.ackAt, 10);
  t.equal(history.latestDueBy('d', 25)?.ackAt, 20);
  history.record(revision('d', 3, { ackAt: 30 }));
  t.equal(history.latestDueBy('d', 31)?.ackAt, 30, 'a later record is seen by later lookups');
});

t.test('a revision acknowledged out of order: the later rev decides once acknowledged', async (t) => {
  // gen 2 was written by someone else and the feed reported it late, after our gen 3 was acknowledged.
  const history = historyOf(revision('d', 1, { ackAt: 10 }), revision('d', 3, { ackAt: 30 }), revision('d', 2, { ackAt: 40, via: 'feed' }));
  t.equal(history.latestDueBy('d', 35)?.ackAt, 30, 'gen 3 is the latest at 35 although gen 2 was seen later');
  t.equal(history.firstDueAfter('d', rev(1, 'd@1')), 30, 'gen 1 went stale when gen 3 was acknowledged');
});

t.test('documents of a rev and members of a group', async (t) => {
  const first = revision('a', 1, { ackAt: 1, group: 'g-1' });
  const history = historyOf(
    first,
    { ...first, docId: 'b' }, // the same body gives the same rev in CouchDB
    revision('a', 2, { ackAt: 2, group: 'g-2' }),
    revision('c', 1, { ackAt: 3 }),
  );
  t.equal(history.docOfRev(first.rev), 'a');
  t.same(history.docsOfRev(first.rev), ['a', 'b'], 'a rev shared by two documents names both');
  t.same([...history.docsEverIn('g-1')].sort(), ['a', 'b']);
  t.same([...history.docsEverIn('g-2')], ['a'], 'a document that moved is in both groups’ sets');
  t.same([...history.docsEverIn('none')], []);
});

t.test('when a document joined its group', async (t) => {
  const history = historyOf(
    revision('d', 1, { ackAt: 10, group: 'x' }),
    revision('d', 2, { ackAt: 20, group: 'g' }),
    revision('d', 3, { ackAt: 30, group: 'g' }),
    revision('d', 4, { ackAt: 40, deleted: true }),
    revision('d', 5, { ackAt: 50, group: 'g' }),
  );
  t.equal(history.inGroupSince('d', rev(3, 'd@3')), 20, 'gen 3 has been in g since gen 2 put it there');
  t.equal(history.inGroupSince('d', rev(5, 'd@5')), 50, 'a delete breaks the run: recreated at gen 5');
});

t.test('a revision with a due time is owed from then, not from its acknowledgement', async (t) => {
  const history = historyOf(revision('d', 1, { ackAt: 10 }), { ...revision('d', 2, { ackAt: 20, via: 'couch' }), dueAt: 520 });
  t.equal(history.latestDueBy('d', 300)?.ackAt, 10, 'a write straight to CouchDB is not owed during its grace period');
  t.equal(history.latestDueBy('d', 520)?.ackAt, 20, 'owed once due');
  t.equal(history.firstDueAfter('d', rev(1, 'd@1')), 520);
});

t.test('a repeated record keeps the earliest due time', async (t) => {
  const app = revision('d', 1, { ackAt: 12 });
  const history = historyOf(app, { ...app, sentAt: undefined, via: 'feed', ackAt: 14, dueAt: 514 });
  t.same(history.revisionsOf('d'), [app], 'a write through the app stays due at its acknowledgement');
  const couch = { ...revision('e', 1, { ackAt: 12, via: 'couch' }), dueAt: 512 };
  const seenFirst = historyOf({ ...couch, sentAt: undefined, via: 'feed', ackAt: 11, dueAt: 511 }, couch);
  t.same(seenFirst.revisionsOf('e'), [{ ...couch, ackAt: 11, dueAt: 511 }], 'seen on the feed before the writer’s ack returned');
});

t.test('lookups stay cheap on a long history recorded while judging', async (t) => {
  const history = new History();
  const started = performance.now();
  let found = 0;
  for (let gen = 1; gen <= 20_000; gen++) {
    history.record(revision('hot', gen, { ackAt: gen * 10 }));
    // a lookup between records, as when judging runs alongside the load
    if (history.latestDueBy('hot', gen * 10 - 5)?.ackAt === (gen - 1) * 10) found += 1;
    history.firstDueAfter('hot', rev(Math.max(1, gen - 3), `hot@${Math.max(1, gen - 3)}`));
  }
  const elapsed = performance.now() - started;
  t.equal(found, 19_999, 'each lookup saw the revision before the one just recorded');
  t.ok(elapsed < 2000, `20000 records with lookups in between took ${elapsed.toFixed(0)} ms`);
});

t.test('an earlier sighting recorded after the writer’s ack moves the revision earlier', async (t) => {
  const written = revision('d', 1, { ackAt: 12 });
  const history = historyOf(written);
  t.equal(history.latestDueBy('d', 11), undefined, 'not yet due at 11');
  history.record({ ...written, sentAt: undefined, via: 'feed', ackAt: 11 });
  t.equal(history.latestDueBy('d', 11)?.rev, written.rev, 'the feed saw it at 11');
});

t.test("a cluster's feed that rewinds (a node went away) delivers old changes again: nothing moves", async (t) => {
  const history = new History();
  const first = revision('d', 1, { ackAt: 100, via: 'feed' });
  const second = revision('d', 2, { ackAt: 200, via: 'feed' });
  history.record(first);
  history.record(second);
  // The feed reconnects to another node from an older seq: both come again, seconds later, out of order.
  history.record({ ...second, ackAt: 5_000 });
  history.record({ ...first, ackAt: 5_001 });
  t.same(
    history.revisionsOf('d').map((r) => [r.rev, r.ackAt]),
    [
      [first.rev, 100],
      [second.rev, 200],
    ],
    'each revision once, acknowledged when first seen',
  );
  t.equal(history.latestDueBy('d', 250)?.rev, second.rev, 'the newest is due as it was before the rewind');
});
