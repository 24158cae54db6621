import t from 'tap';
import { InstanceHistories, judgeExchange } from '../../harness/oracle/instance-histories.js';
import type { Revision } from '../../harness/oracle/types.js';
import { conditional, revision } from './fixtures/history-builder.js';

// Three instances; the grace is 1000 ms. doc-7: gen 1 seeded at 0; gen 2 saved through instance 1, acknowledged at
// 100 (due at once on instance 1, at 1100 on instances 0 and 2, which learn it from their feeds).
const GRACE = 1000;
const gen1 = revision('doc-7', 1, { ackAt: 0, via: 'seed' });
const throughOne: Revision = { ...revision('doc-7', 2, { ackAt: 100 }), instance: 1, dueAt: 100 + GRACE };
const page = '/doc/doc-7';
const histories = (...revisions: Revision[]): InstanceHistories => {
  const all = new InstanceHistories(3);
  for (const r of revisions) all.record(r);
  return all;
};
const behind = { docId: 'doc-7', shownRev: gen1.rev, dueRev: throughOne.rev, takenBy: 1 };

t.test('the instance that took a write owes it at its acknowledgement', async (t) => {
  const all = histories(gen1, throughOne);
  t.same(
    judgeExchange(all, conditional({ page, sentAt: 103, status: 304, instance: 1 }, [gen1.rev])),
    { class: 'stale304', staleForMs: 3, behind, idealHit: false, instance: 1 },
    'a 304 for gen 1 from instance 1, 3 ms after it acknowledged gen 2, is stale',
  );
});

t.test('the other instances owe it a grace later (they learn it from their feeds)', async (t) => {
  const all = histories(gen1, throughOne);
  for (const instance of [0, 2]) {
    t.same(
      judgeExchange(all, conditional({ page, sentAt: 103, status: 304, instance }, [gen1.rev])),
      { class: 'valid304', idealHit: false, instance },
      `instance ${instance}, 3 ms after: within the feed grace`,
    );
    t.same(
      judgeExchange(all, conditional({ page, sentAt: 1105, status: 304, instance }, [gen1.rev])),
      { class: 'stale304', staleForMs: 5, behind, idealHit: false, instance },
      `instance ${instance}, past the grace: stale, aged from the due time there`,
    );
  }
});

t.test('a write straight to CouchDB is owed by every instance a grace later', async (t) => {
  const couch: Revision = { ...revision('doc-7', 2, { ackAt: 100, via: 'couch' }), dueAt: 100 + GRACE };
  const all = histories(gen1, couch);
  for (const instance of [0, 1, 2]) {
    t.equal(
      judgeExchange(all, conditional({ page, sentAt: 103, status: 304, instance }, [gen1.rev])).class,
      'valid304',
      `instance ${instance} within the grace`,
    );
    t.equal(judgeExchange(all, conditional({ page, sentAt: 1101, status: 304, instance }, [gen1.rev])).class, 'stale304', `instance ${instance} past it`);
  }
});

t.test('an exchange whose instance the harness does not know (behind a proxy) is judged as every instance must answer', async (t) => {
  const all = histories(gen1, throughOne);
  t.same(judgeExchange(all, conditional({ page, sentAt: 103, status: 304 }, [gen1.rev])), { class: 'valid304', idealHit: false }, 'within the grace');
  t.same(
    judgeExchange(all, conditional({ page, sentAt: 1105, status: 304 }, [gen1.rev])),
    { class: 'stale304', staleForMs: 5, behind, idealHit: false },
    'past it: stale, no instance named',
  );
});

t.test('the feed repeating the write, earlier or later, changes no verdict', async (t) => {
  const all = histories(gen1, throughOne);
  all.record({ ...throughOne, sentAt: undefined, via: 'feed', instance: undefined, ackAt: 104, dueAt: 104 + GRACE });
  t.equal(judgeExchange(all, conditional({ page, sentAt: 103, status: 304, instance: 1 }, [gen1.rev])).class, 'stale304', 'instance 1 still owes it at 100');
  t.equal(judgeExchange(all, conditional({ page, sentAt: 1099, status: 304, instance: 0 }, [gen1.rev])).class, 'valid304', 'instance 0 still within the grace');
});

t.test('one instance: no histories per instance, the write is judged where it is recorded', async (t) => {
  const one = new InstanceHistories(1);
  one.record(gen1);
  one.record(revision('doc-7', 2, { ackAt: 100 }));
  t.equal(one.instances, 0, 'no history per instance');
  t.equal(judgeExchange(one, conditional({ page, sentAt: 103, status: 304 }, [gen1.rev])).class, 'stale304', 'due at its acknowledgement');
  t.equal(judgeExchange(one, conditional({ page, sentAt: 103, status: 304, instance: 0 }, [gen1.rev])).class, 'stale304', 'an instance index changes nothing');
});

t.test('the ideal hit is judged with every write due at its acknowledgement, on every instance', async (t) => {
  const all = histories(gen1, throughOne);
  t.equal(judgeExchange(all, conditional({ page, sentAt: 103, status: 304, instance: 0 }, [throughOne.rev])).idealHit, true);
  t.equal(judgeExchange(all, conditional({ page, sentAt: 103, status: 304, instance: 2 }, [gen1.rev])).idealHit, false);
});
