import t from 'tap';
import { judge } from '../../harness/oracle/judge.js';
import type { Revision } from '../../harness/oracle/types.js';
import { conditional, exchange, historyOf, rev, revision } from './fixtures/history-builder.js';

// doc-7: gen 1 acknowledged at 10; gen 2 sent at 100, acknowledged at 110; gen 3 (a delete) sent at 199, acked at 200.
const gen1 = revision('doc-7', 1, { ackAt: 10 });
const gen2 = revision('doc-7', 2, { sentAt: 100, ackAt: 110 });
const deleted = revision('doc-7', 3, { sentAt: 199, ackAt: 200, deleted: true });
const other = revision('doc-8', 9, { ackAt: 5 });
const writes: Revision[] = [gen1, gen2, deleted, other];
const page = '/doc/doc-7';
/** What a stale verdict names: the revision shown and the one that was due. */
const behind = (shown: Revision, due: Revision) => ({ docId: 'doc-7', shownRev: shown.rev, dueRev: due.rev });

t.test('a write acknowledged while the request is in flight does not make the old version stale', async (t) => {
  const history = historyOf(...writes);
  const inFlight = { page, sentAt: 105, receivedAt: 115 };
  t.same(judge(history, conditional({ ...inFlight, status: 304 }, [gen1.rev])), { class: 'valid304', idealHit: true }, '304 for gen 1');
  t.same(judge(history, exchange({ ...inFlight, status: 200, bodyRevs: [gen1.rev] })), { class: 'fresh200' }, '200 showing gen 1');
  t.same(judge(history, exchange({ ...inFlight, status: 200, bodyRevs: [gen2.rev] })), { class: 'fresh200' }, '200 already showing gen 2');
});

t.test('a write acknowledged before the request was sent makes the old version stale', async (t) => {
  const history = historyOf(...writes);
  t.same(
    judge(history, conditional({ page, sentAt: 130, status: 304 }, [gen1.rev])),
    { class: 'stale304', staleForMs: 20, behind: behind(gen1, gen2), idealHit: false },
    'stale since gen 2 was acknowledged 20 ms before the send',
  );
  t.same(judge(history, exchange({ page, sentAt: 130, status: 200, bodyRevs: [gen1.rev] })), { class: 'stale200', staleForMs: 20, behind: behind(gen1, gen2) });
  t.same(
    judge(history, exchange({ page, sentAt: 110, status: 200, bodyRevs: [gen1.rev] })),
    { class: 'stale200', staleForMs: 0, behind: behind(gen1, gen2) },
    'acked at exactly the send',
  );
  t.same(
    judge(history, conditional({ page, sentAt: 130, status: 200, bodyRevs: [gen2.rev] }, [gen1.rev])),
    { class: 'fresh200', idealHit: false },
    'the new version after a changed page',
  );
});

t.test('staleness dates from the first write after the version shown, not the latest', async (t) => {
  const gen3 = revision('doc-7', 3, { ackAt: 120 });
  const history = historyOf(gen1, gen2, gen3);
  t.same(judge(history, exchange({ page, sentAt: 130, status: 200, bodyRevs: [gen1.rev] })), { class: 'stale200', staleForMs: 20, behind: behind(gen1, gen3) });
});

t.test('records out of order or repeated by the feed give the same verdicts', async (t) => {
  const inOrder = historyOf(...writes);
  const shuffled = historyOf(deleted, other, gen2, gen1);
  const repeated = historyOf(...writes);
  for (const r of writes) repeated.record({ ...r, sentAt: undefined, via: 'feed', ackAt: r.ackAt + 3 });
  const cases = [
    conditional({ page, sentAt: 105, status: 304 }, [gen1.rev]),
    conditional({ page, sentAt: 130, status: 304 }, [gen1.rev]),
    exchange({ page, sentAt: 130, status: 200, bodyRevs: [gen1.rev] }),
    exchange({ page, sentAt: 150, status: 404 }),
    exchange({ page, sentAt: 210, status: 404 }),
  ];
  for (const [i, ex] of cases.entries()) {
    const expected = judge(inOrder, ex);
    t.same(judge(shuffled, ex), expected, `case ${i}: recorded in reverse order`);
    t.same(judge(repeated, ex), expected, `case ${i}: every change repeated later by the feed`);
  }
});

t.test('the version is this document’s highest known rev in the body', async (t) => {
  const history = historyOf(...writes);
  const at = { page, sentAt: 130, status: 200 };
  t.same(judge(history, exchange({ ...at, bodyRevs: [gen1.rev, gen2.rev] })), { class: 'fresh200' }, 'a page showing its history is judged by its newest rev');
  t.same(judge(history, exchange({ ...at, bodyRevs: [rev(4, 'never written'), gen2.rev] })), { class: 'fresh200' }, 'unknown tokens are ignored');
  t.same(
    judge(history, exchange({ ...at, bodyRevs: [other.rev, gen1.rev] })),
    { class: 'stale200', staleForMs: 20, behind: behind(gen1, gen2) },
    'another document’s newer-looking rev is ignored',
  );
  t.same(
    judge(history, exchange({ ...at, bodyRevs: [other.rev] })),
    { class: 'error', reason: '200 body holds no known revision of doc-7' },
    'a body showing only another document',
  );
  t.same(judge(history, exchange({ ...at })), { class: 'error', reason: '200 body holds no known revision of doc-7' }, 'no body tokens at all');
});

t.test('deletes', async (t) => {
  const history = historyOf(...writes);
  t.same(
    judge(history, conditional({ page, sentAt: 210, status: 304 }, [gen2.rev])),
    { class: 'stale304', staleForMs: 10, behind: behind(gen2, deleted), idealHit: false },
    '304 after an acknowledged delete',
  );
  t.same(
    judge(history, exchange({ page, sentAt: 210, status: 200, bodyRevs: [gen2.rev] })),
    { class: 'stale200', staleForMs: 10, behind: behind(gen2, deleted) },
    '200 after an acknowledged delete',
  );
  t.same(judge(history, exchange({ page, sentAt: 210, status: 404 })), { class: 'fresh200' }, '404 after an acknowledged delete is right');
  t.same(judge(history, exchange({ page, sentAt: 196, receivedAt: 201, status: 404 })), { class: 'fresh200' }, '404 while the delete is in flight is right');
  t.same(judge(history, exchange({ page, sentAt: 196, receivedAt: 201, status: 200, bodyRevs: [gen2.rev] })), { class: 'fresh200' }, 'so is the old page');
  t.same(judge(history, exchange({ page, sentAt: 150, status: 404 })), { class: 'error', reason: '404 for an existing document' });
  t.same(judge(history, exchange({ page: '/doc/never', sentAt: 150, status: 404 })), { class: 'fresh200' }, '404 for a document that never existed');
  t.same(judge(history, exchange({ page, sentAt: 5, status: 404 })), { class: 'fresh200' }, '404 before the document was created');
});

t.test('a 304 needs a conditional request and a cached version', async (t) => {
  const history = historyOf(...writes);
  t.same(judge(history, exchange({ page, sentAt: 130, status: 304 })), { class: 'error', reason: '304 to an unconditional request' });
  t.same(
    judge(history, exchange({ page, sentAt: 130, status: 304, sentEtag: '"x"' })),
    { class: 'error', reason: '304 to an unconditional request', idealHit: false },
    'an ETag sent without a cached version behind it',
  );
  t.same(
    judge(history, conditional({ page, sentAt: 130, status: 304 }, [other.rev])),
    { class: 'error', reason: '304 cached version holds no known revision of doc-7', idealHit: false },
    'a 304 telling the client to keep another page’s copy',
  );
});

t.test('idealHit says whether a 304 was due, whatever came back', async (t) => {
  const history = historyOf(...writes);
  t.equal(
    judge(history, conditional({ page, sentAt: 130, status: 200, bodyRevs: [gen2.rev] }, [gen2.rev])).idealHit,
    true,
    'current copy, full response: a missed hit',
  );
  t.equal(judge(history, conditional({ page, sentAt: 130, status: 503 }, [gen2.rev])).idealHit, true, 'set on errors too');
  t.equal(judge(history, conditional({ page, sentAt: 130, status: 304 }, [gen1.rev])).idealHit, false, 'an outdated copy');
  t.equal(judge(history, conditional({ page, sentAt: 210, status: 404 }, [gen2.rev])).idealHit, false, 'a copy of a deleted document');
  t.equal(judge(history, exchange({ page, sentAt: 130, status: 200, bodyRevs: [gen2.rev] })).idealHit, undefined, 'absent for unconditional requests');
});

t.test('other statuses and pages are errors', async (t) => {
  const history = historyOf(...writes);
  t.same(judge(history, exchange({ page, sentAt: 130, status: 0 })), { class: 'error', reason: 'no response' });
  t.same(judge(history, exchange({ page, sentAt: 130, status: 503 })), { class: 'error', reason: 'status 503' });
  t.same(judge(history, exchange({ page, sentAt: 130, status: 400 })), { class: 'error', reason: 'status 400' });
  t.same(judge(history, exchange({ page: '/other/doc-7', sentAt: 130, status: 200 })), { class: 'error', reason: 'unknown page' });
  t.same(judge(history, exchange({ page: '/doc/', sentAt: 130, status: 200 })), { class: 'error', reason: 'unknown page' }, 'no id');
  t.same(judge(history, exchange({ page: '/doc/%E0%A4%A', sentAt: 130, status: 200 })), { class: 'error', reason: 'unknown page' }, 'malformed encoding');
});

t.test('the document id is the rest of the path, URL-decoded', async (t) => {
  const history = historyOf(...writes);
  t.same(judge(history, exchange({ page: '/doc/doc%2D7', sentAt: 130, status: 200, bodyRevs: [gen2.rev] })), { class: 'fresh200' });
});

t.test('a write given a due time (a grace period) is judged from then', async (t) => {
  // gen 2 went straight to CouchDB at 110; the app only learns of it through the feed, so it is owed from 610.
  const history = historyOf(gen1, { ...gen2, via: 'couch', dueAt: 610 });
  t.same(judge(history, conditional({ page, sentAt: 300, status: 304 }, [gen1.rev])), { class: 'valid304', idealHit: true }, 'within the grace period');
  t.same(
    judge(history, conditional({ page, sentAt: 630, status: 304 }, [gen1.rev])),
    { class: 'stale304', staleForMs: 20, behind: behind(gen1, gen2), idealHit: false },
    'stale for 20 ms past due',
  );
  t.same(judge(history, exchange({ page, sentAt: 300, status: 200, bodyRevs: [gen2.rev] })), { class: 'fresh200' }, 'showing it early is fine');
});

t.test('a delete given a grace period: the 404 is right at once, the old page until due', async (t) => {
  const history = historyOf(gen1, gen2, { ...deleted, via: 'couch', dueAt: 700 });
  t.same(judge(history, exchange({ page, sentAt: 300, status: 404 })), { class: 'fresh200' }, '404 after the acknowledged delete');
  t.same(judge(history, exchange({ page, sentAt: 300, status: 200, bodyRevs: [gen2.rev] })), { class: 'fresh200' }, 'the old page within the grace period');
  t.same(
    judge(history, exchange({ page, sentAt: 710, status: 200, bodyRevs: [gen2.rev] })),
    { class: 'stale200', staleForMs: 10, behind: behind(gen2, deleted) },
    'the old page once the delete is due',
  );
});

t.test('a page showing the deletion’s own rev is a page of a deleted document', async (t) => {
  const history = historyOf(...writes);
  t.same(judge(history, exchange({ page, sentAt: 210, status: 200, bodyRevs: [deleted.rev] })), {
    class: 'stale200',
    staleForMs: 10,
    behind: behind(deleted, deleted),
  });
  t.same(judge(history, conditional({ page, sentAt: 210, status: 304 }, [deleted.rev])), {
    class: 'stale304',
    staleForMs: 10,
    behind: behind(deleted, deleted),
    idealHit: false,
  });
});

t.test('a content-coded ETag (the reference\'s `"<rev>-gzip"`) is judged by the revision the client\'s copy showed', async (t) => {
  // The oracle never reads a revision out of an ETag: a suffix on it changes nothing, current or stale.
  const history = historyOf(...writes);
  const gzipOf = (r: Revision) => `"${r.rev}-gzip"`;
  t.same(
    judge(history, { ...conditional({ page, sentAt: 130, status: 304 }, [gen2.rev]), sentEtag: gzipOf(gen2), etag: gzipOf(gen2) }),
    { class: 'valid304', idealHit: true },
    "the current revision's gzip ETag: a valid 304",
  );
  t.same(
    judge(history, { ...conditional({ page, sentAt: 130, status: 304 }, [gen1.rev]), sentEtag: gzipOf(gen1), etag: gzipOf(gen1) }),
    { class: 'stale304', staleForMs: 20, behind: behind(gen1, gen2), idealHit: false },
    "an older revision's gzip ETag: a stale 304",
  );
  t.same(
    judge(history, { ...conditional({ page, sentAt: 130, status: 200, bodyRevs: [gen2.rev] }, [gen1.rev]), sentEtag: gzipOf(gen1), etag: gzipOf(gen2) }),
    { class: 'fresh200', idealHit: false },
    "an older revision's gzip ETag answered with the new page: fresh",
  );
});
