import t from 'tap';
import { OpenLoopSchedule, type ScheduledSend } from '../../harness/workload/open-loop-schedule.js';

t.test('intended send times are exactly 1/rate apart, from the start, over the duration', async (t) => {
  const schedule = new OpenLoopSchedule({ ratePerSecond: 400, maxInFlight: 1000, startMs: 100, durationS: 0.5 });
  t.equal(schedule.total, 200, '400/s for 0.5 s is 200 sends');
  const sends: ScheduledSend[] = [];
  // Ticks at uneven times, as a timer fires: each takes every send due by then; each response comes at once.
  for (const now of [100, 101.3, 103, 110.7, 250, 599.99, 650, 700]) {
    for (const send of schedule.take(now)) {
      sends.push(send);
      t.equal(schedule.release(now), undefined, 'nothing waits while slots are free');
    }
  }
  t.equal(sends.length, 200, 'every send made once');
  const wrong = sends.filter((send, k) => send.intendedAt !== 100 + k * 2.5);
  t.same(wrong, [], 'send k is intended at start + k × 2.5 ms, exactly');
  t.equal(sends[0]!.lateMs, 0, 'the first is due at the start');
  t.equal(sends[1]!.lateMs, 0.5, 'not taken at 101.3 (due at 102.5), taken at 103: late by 0.5 ms');
  t.equal(sends.at(-1)!.intendedAt, 597.5, 'the last is due one interval before the end');
  t.ok(
    sends.every((send) => send.lateMs >= 0 && !send.missed),
    'none early, none missed: slots were free',
  );
  t.equal(schedule.missed, 0);
  t.equal(schedule.finished, true, 'every send made and answered');
});

t.test('a tick takes only the sends due by then, and none before the start', async (t) => {
  const schedule = new OpenLoopSchedule({ ratePerSecond: 1000, maxInFlight: 100, startMs: 50, durationS: 1 });
  t.same(schedule.take(49), [], 'nothing before the start');
  t.equal(schedule.nextDueAt(), 50, 'wakes at the start');
  const first = schedule.take(53.5);
  t.same(
    first.map((s) => s.intendedAt),
    [50, 51, 52, 53],
  );
  t.same(
    first.map((s) => s.lateMs),
    [3.5, 2.5, 1.5, 0.5],
    'lateness measured from each intended time',
  );
  t.equal(schedule.nextDueAt(), 54, 'then wakes at the next one');
  t.equal(schedule.endAt, 1050);
});

t.test('with every slot busy, due sends wait for one and count as missed, once each', async (t) => {
  const schedule = new OpenLoopSchedule({ ratePerSecond: 100, maxInFlight: 2, startMs: 0, durationS: 1 });
  t.same(
    schedule.take(0).map((s) => s.intendedAt),
    [0],
  );
  t.same(
    schedule.take(10).map((s) => s.intendedAt),
    [10],
  );
  t.equal(schedule.inFlight, 2);
  t.same(schedule.take(20), [], 'both slots busy: the send due at 20 waits');
  t.same(schedule.take(35), [], 'and the one due at 30');
  t.equal(schedule.missed, 2, 'two sends missed their time');
  t.equal(schedule.waiting(35), 2);
  const next = schedule.release(36);
  t.equal(next?.intendedAt, 20, 'a freed slot takes the oldest waiting send at once');
  t.equal(next?.lateMs, 16, 'late by its wait: its latency will show it');
  t.equal(next?.missed, true);
  const after = schedule.release(37);
  t.equal(after?.intendedAt, 30);
  t.equal(after?.missed, true);
  t.equal(schedule.missed, 2, 'counted once, not again when made');
  t.equal(schedule.inFlight, 2, 'each freed slot was taken again');
  t.equal(schedule.release(38), undefined, 'nothing more due');
  t.equal(schedule.inFlight, 1);
  const onTime = schedule.take(40.2);
  t.same(
    onTime.map((s) => [s.intendedAt, s.missed]),
    [[40, false]],
    'a slot was free when 40 came due: not missed',
  );
  t.same(schedule.take(50), [], 'slots busy again');
  t.equal(schedule.missed, 3, 'the send due at 50 is missed');
});

t.test('a send due between ticks and taken by a freed slot is on time, not missed', async (t) => {
  const schedule = new OpenLoopSchedule({ ratePerSecond: 100, maxInFlight: 1, startMs: 0, durationS: 1 });
  schedule.take(0);
  const next = schedule.release(10.5);
  t.equal(next?.intendedAt, 10);
  t.equal(next?.missed, false);
  t.equal(schedule.missed, 0);
});

t.test('close: the sends still waiting are dropped, listed with how late they were, and count as missed', async (t) => {
  const schedule = new OpenLoopSchedule({ ratePerSecond: 10, maxInFlight: 1, startMs: 0, durationS: 0.3 });
  schedule.take(0);
  const dropped = schedule.close(300);
  t.same(
    dropped.map((s) => [s.intendedAt, s.lateMs, s.missed]),
    [
      [100, 200, true],
      [200, 100, true],
    ],
    'due at 100 and 200, never sent',
  );
  t.equal(schedule.missed, 2);
  t.same(schedule.close(400), [], 'listed once');
  t.same(schedule.take(500), [], 'closed: nothing more is taken');
  t.equal(schedule.release(500), undefined, 'not even by a freed slot');
  t.equal(schedule.inFlight, 0);
  t.equal(schedule.finished, true);
});

t.test('a release with nothing in flight is a harness bug, said at once', async (t) => {
  const schedule = new OpenLoopSchedule({ ratePerSecond: 10, maxInFlight: 1, startMs: 0, durationS: 1 });
  t.throws(() => schedule.release(0), /release with no send in flight/);
});

t.test('options are checked where they enter', async (t) => {
  t.throws(() => new OpenLoopSchedule({ ratePerSecond: 0, maxInFlight: 1, startMs: 0, durationS: 1 }), /ratePerSecond must be a number > 0, not 0/);
  t.throws(() => new OpenLoopSchedule({ ratePerSecond: 1, maxInFlight: 0, startMs: 0, durationS: 1 }), /maxInFlight must be a whole number ≥ 1, not 0/);
});
