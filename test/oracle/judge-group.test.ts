import t from 'tap';
import { judge } from '../../harness/oracle/judge.js';
import { OUTSIDE_THE_GROUP } from '../../harness/oracle/group-version.js';
import { conditional, exchange, historyOf, revision } from './fixtures/history-builder.js';

const page = '/group/g-1';
// a and b are in g-1 from the start; c is in g-2.
const a1 = revision('a', 1, { ackAt: 10, group: 'g-1' });
const b1 = revision('b', 1, { ackAt: 10, group: 'g-1' });
const c1 = revision('c', 1, { ackAt: 10, group: 'g-2' });
const start = [a1, b1, c1];
type Rev = ReturnType<typeof revision>;
/** What a stale verdict names: the document behind (at `shown`, or left out) and the revision that was due. */
const behind = (due: Rev, shown?: Rev) => ({ docId: due.docId, ...(shown && { shownRev: shown.rev }), dueRev: due.rev });

t.test('a member updated', async (t) => {
  const a2 = revision('a', 2, { sentAt: 100, ackAt: 110, group: 'g-1' });
  const history = historyOf(...start, a2);
  const listing = (sentAt: number, revs: string[]) => exchange({ page, sentAt, status: 200, bodyRevs: revs });
  t.same(
    judge(history, listing(130, [a1.rev, b1.rev])),
    { class: 'stale200', staleForMs: 20, behind: behind(a2, a1) },
    'the old revision of a, 20 ms after its update was acked',
  );
  t.same(judge(history, listing(105, [a1.rev, b1.rev])), { class: 'fresh200' }, 'the update was in flight');
  t.same(judge(history, listing(130, [b1.rev, a2.rev])), { class: 'fresh200' }, 'both current, in any order');
  t.same(judge(history, conditional({ page, sentAt: 130, status: 304 }, [a1.rev, b1.rev])), {
    class: 'stale304',
    staleForMs: 20,
    behind: behind(a2, a1),
    idealHit: false,
  });
  t.same(judge(history, conditional({ page, sentAt: 130, status: 304 }, [a2.rev, b1.rev])), { class: 'valid304', idealHit: true });
});

t.test('a document joining', async (t) => {
  const c2 = revision('c', 2, { sentAt: 140, ackAt: 150, group: 'g-1' });
  const history = historyOf(...start, c2);
  t.same(
    judge(history, exchange({ page, sentAt: 160, status: 200, bodyRevs: [a1.rev, b1.rev] })),
    { class: 'stale200', staleForMs: 10, behind: behind(c2) },
    'c is missing 10 ms after it joined',
  );
  t.same(judge(history, conditional({ page, sentAt: 160, status: 304 }, [a1.rev, b1.rev])), {
    class: 'stale304',
    staleForMs: 10,
    behind: behind(c2),
    idealHit: false,
  });
  t.same(judge(history, exchange({ page, sentAt: 145, status: 200, bodyRevs: [a1.rev, b1.rev] })), { class: 'fresh200' }, 'the join was in flight');
  t.same(
    judge(history, exchange({ page, sentAt: 145, status: 200, bodyRevs: [a1.rev, b1.rev, c2.rev] })),
    { class: 'fresh200' },
    'a join in flight may already show',
  );
  t.same(judge(history, exchange({ page, sentAt: 160, status: 200, bodyRevs: [a1.rev, b1.rev, c2.rev] })), { class: 'fresh200' });
});

t.test('an omitted member is stale since it joined, not since its latest update', async (t) => {
  const c2 = revision('c', 2, { ackAt: 150, group: 'g-1' });
  const c3 = revision('c', 3, { ackAt: 170, group: 'g-1' });
  const history = historyOf(...start, c2, c3);
  t.same(judge(history, exchange({ page, sentAt: 180, status: 200, bodyRevs: [a1.rev, b1.rev] })), { class: 'stale200', staleForMs: 30, behind: behind(c3) });
});

t.test('a document leaving', async (t) => {
  const b2 = revision('b', 2, { sentAt: 170, ackAt: 180, group: 'g-2' });
  const history = historyOf(...start, b2);
  const listing = (sentAt: number, revs: string[], receivedAt = sentAt + 5) => exchange({ page, sentAt, receivedAt, status: 200, bodyRevs: revs });
  t.same(judge(history, listing(190, [a1.rev, b1.rev])), { class: 'stale200', staleForMs: 10, behind: behind(b2, b1) }, 'still listing b 10 ms after it left');
  t.same(
    judge(history, listing(190, [a1.rev, b2.rev])),
    { class: 'error', reason: OUTSIDE_THE_GROUP },
    'listing b at the revision that took it out is a page that never was, not an old one',
  );
  t.same(
    judge(history, listing(175, [a1.rev, b2.rev], 185)),
    { class: 'error', reason: OUTSIDE_THE_GROUP },
    'listing the leave itself, in flight, is never right: neither the old page nor the new one',
  );
  t.same(
    judge(history, conditional({ page, sentAt: 175, receivedAt: 185, status: 304 }, [a1.rev, b2.rev])),
    { class: 'error', reason: OUTSIDE_THE_GROUP, idealHit: false },
    'nor is a 304 confirming such a page',
  );
  t.same(judge(history, listing(190, [a1.rev])), { class: 'fresh200' }, 'b gone');
  t.same(judge(history, listing(175, [a1.rev], 185)), { class: 'fresh200' }, 'a leave sent before the response came may already show');
  t.same(judge(history, listing(175, [a1.rev, b1.rev], 185)), { class: 'fresh200' }, 'or not yet');
  t.same(
    judge(history, listing(160, [a1.rev], 165)),
    { class: 'stale200', staleForMs: 150, behind: behind(b1) },
    'a leave sent after the response came does not excuse omitting b, in g-1 since 10',
  );
});

t.test('a member deleted', async (t) => {
  const aGone = revision('a', 2, { sentAt: 199, ackAt: 200, deleted: true });
  const history = historyOf(...start, aGone);
  t.same(judge(history, exchange({ page, sentAt: 210, status: 200, bodyRevs: [a1.rev, b1.rev] })), {
    class: 'stale200',
    staleForMs: 10,
    behind: behind(aGone, a1),
  });
  t.same(judge(history, exchange({ page, sentAt: 210, status: 200, bodyRevs: [b1.rev] })), { class: 'fresh200' });
  t.same(judge(history, exchange({ page, sentAt: 197, receivedAt: 202, status: 200, bodyRevs: [b1.rev] })), { class: 'fresh200' }, 'delete in flight');
  t.same(
    judge(history, exchange({ page, sentAt: 197, receivedAt: 202, status: 200, bodyRevs: [aGone.rev, b1.rev] })),
    { class: 'error', reason: OUTSIDE_THE_GROUP },
    'listing the deletion itself, in flight',
  );
});

t.test('staleness is the oldest reason', async (t) => {
  const c2 = revision('c', 2, { ackAt: 150, group: 'g-1' });
  const b2 = revision('b', 2, { ackAt: 180, group: 'g-2' });
  const history = historyOf(...start, c2, b2);
  t.same(
    judge(history, exchange({ page, sentAt: 190, status: 200, bodyRevs: [a1.rev, b1.rev] })),
    { class: 'stale200', staleForMs: 40, behind: behind(c2) },
    'c missing since 150 outweighs b listed since its leave at 180',
  );
});

t.test('an empty group', async (t) => {
  const history = historyOf(...start);
  const empty = (group: string, sentAt: number, status = 200) => exchange({ page: `/group/${group}`, sentAt, status, bodyRevs: [] });
  t.same(judge(history, empty('g-none', 50)), { class: 'fresh200' }, 'a group no document was ever in');
  t.same(judge(history, empty('g-1', 5)), { class: 'fresh200' }, 'before its first member was acknowledged');
  t.same(judge(history, empty('g-1', 50)), { class: 'stale200', staleForMs: 40, behind: behind(a1) }, 'an empty page for a group with members');
  t.same(judge(history, empty('g-none', 50, 404)), { class: 'fresh200' }, '404 for an empty group is right');
  t.same(judge(history, empty('g-1', 50, 404)), { class: 'error', reason: '404 for a group with members' });
  t.same(judge(history, conditional({ page: '/group/g-none', sentAt: 50, status: 304 }, [])), { class: 'valid304', idealHit: true }, 'a cached empty list');
});

t.test('tokens of documents outside the group', async (t) => {
  const history = historyOf(...start);
  t.same(
    judge(history, exchange({ page, sentAt: 50, status: 200, bodyRevs: [a1.rev, b1.rev, c1.rev] })),
    { class: 'error', reason: OUTSIDE_THE_GROUP },
    'listing c, which was never in g-1, is listing a document that is not a member',
  );
});

t.test('a document listed at an older revision from another group: the index ahead of the documents', async (t) => {
  // c joins g-1 at c2; a view whose index already has c2 but whose document read still gets c1 lists c at c1.
  const c2 = revision('c', 2, { sentAt: 140, ackAt: 150, group: 'g-1' });
  const history = historyOf(...start, c2);
  for (const sentAt of [145, 160]) {
    t.same(
      judge(history, exchange({ page, sentAt, status: 200, bodyRevs: [a1.rev, b1.rev, c1.rev] })),
      { class: 'error', reason: OUTSIDE_THE_GROUP },
      `sent at ${sentAt}: c1 was never in g-1, whether c2 was in flight or due`,
    );
  }
});

t.test('a join given a grace period is owed from its due time', async (t) => {
  const c2 = { ...revision('c', 2, { sentAt: 140, ackAt: 150, group: 'g-1', via: 'couch' }), dueAt: 650 };
  const history = historyOf(...start, c2);
  const without = (sentAt: number) => exchange({ page, sentAt, status: 200, bodyRevs: [a1.rev, b1.rev] });
  t.same(judge(history, without(300)), { class: 'fresh200' }, 'c may be missing within the grace period');
  t.same(judge(history, without(660)), { class: 'stale200', staleForMs: 10, behind: behind(c2) }, 'missing 10 ms past due');
});

t.test('a rev shared by two documents counts for the one in the group', async (t) => {
  // CouchDB derives revs from content: two documents created with the same body share their first rev.
  const x1 = revision('x', 1, { ackAt: 10, group: 'g-1' });
  const y1 = { ...x1, docId: 'y', group: 'g-2' };
  const history = historyOf(x1, y1);
  t.same(judge(history, exchange({ page: '/group/g-1', sentAt: 50, status: 200, bodyRevs: [x1.rev] })), { class: 'fresh200' }, 'g-1 lists x, not y');
  t.same(judge(history, exchange({ page: '/group/g-2', sentAt: 50, status: 200, bodyRevs: [x1.rev] })), { class: 'fresh200' }, 'g-2 lists y, not x');
  t.same(
    judge(history, exchange({ page: '/group/g-3', sentAt: 50, status: 200, bodyRevs: [x1.rev] })),
    { class: 'error', reason: OUTSIDE_THE_GROUP },
    'g-3 lists a document of neither',
  );
});
