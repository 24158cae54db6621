// What an open-loop send records: latency counts from the intended send time, the oracle judges from the time
// the request was really written, and missed sends are noted on the run's clock.

import t from 'tap';
import { judge } from '../../harness/oracle/judge.js';
import { latencyHistogramsByStatus, percentilesMs } from '../../harness/results/latency-histogram.js';
import type { Scenario } from '../../harness/scenario/scenario.js';
import { pageChooser } from '../../harness/workload/page-chooser.js';
import { seededRandom } from '../../harness/workload/random.js';
import { Readers } from '../../harness/workload/readers.js';
import { VirtualClients } from '../../harness/workload/virtual-clients.js';
import { conditional, historyOf, revision } from '../oracle/fixtures/history-builder.js';

const scenario = { documents: { count: 3, groups: 1 }, readers: { zipfExponent: 1, groupPageShare: 0 } } as Scenario;

function readersAt(clock: { now: number }): Readers {
  const random = seededRandom(1);
  return new Readers(['http://127.0.0.1:1'], 1, 1, pageChooser(scenario, random), new VirtualClients(1), random, () => clock.now);
}

t.test('an open-loop send is dated from its intended time, and keeps when it was written', async (t) => {
  const clock = { now: 1000 };
  const readers = readersAt(clock);
  const prepared = readers.prepare({ lateMs: 30, missed: true });
  clock.now = 1010;
  readers.complete(prepared.state, 200, 'no revision here', {});
  const [exchange] = readers.exchanges;
  t.equal(exchange!.sentAt, 970, 'sentAt is the intended time: 30 ms before it was written');
  t.equal(exchange!.writtenAt, 1000, 'writtenAt is when it really went out');
  t.equal(exchange!.receivedAt, 1010);
  const latency = percentilesMs(latencyHistogramsByStatus(readers.exchanges).get('200')!);
  t.ok(Math.abs(latency.max - 40) < 0.1, `latency counts the 30 ms it waited to be sent: ${latency.max} ms, not 10`);
  t.same(readers.missedAt, [970], 'the missed send is noted at its intended time');
});

t.test('a closed-loop send is dated when it is written, as before', async (t) => {
  const clock = { now: 500 };
  const readers = readersAt(clock);
  const prepared = readers.prepare();
  clock.now = 505;
  readers.complete(prepared.state, 200, '', {});
  t.equal(readers.exchanges[0]!.sentAt, 500);
  t.notOk('writtenAt' in readers.exchanges[0]!, 'no writtenAt: sentAt is when it was written');
  t.same(readers.missedAt, []);
});

t.test('a send on time is not noted as missed; a dropped one is', async (t) => {
  const clock = { now: 2000 };
  const readers = readersAt(clock);
  readers.prepare({ lateMs: 0.4, missed: false });
  readers.dropped({ lateMs: 250, missed: true });
  t.same(readers.missedAt, [1750]);
  t.equal(readers.exchanges.length, 0, 'a dropped send is no exchange');
});

t.test('the oracle judges from when the request was written, not from its intended time', async (t) => {
  // gen 2 acknowledged at 110, after the request's intended time (100) and before it was written (120).
  const gen1 = revision('doc-1', 1, { ackAt: 10 });
  const gen2 = revision('doc-1', 2, { ackAt: 110 });
  const history = historyOf(gen1, gen2);
  const late = conditional({ page: '/doc/doc-1', sentAt: 100, writtenAt: 120, receivedAt: 125, status: 304 }, [gen1.rev]);
  t.same(
    judge(history, late),
    { class: 'stale304', staleForMs: 10, idealHit: false, behind: { docId: 'doc-1', shownRev: gen1.rev, dueRev: gen2.rev } },
    'gen 2 was due 10 ms before the request went out',
  );
  const onTime = conditional({ page: '/doc/doc-1', sentAt: 100, receivedAt: 125, status: 304 }, [gen1.rev]);
  t.same(judge(history, onTime), { class: 'valid304', idealHit: true }, 'written at 100, gen 2 was not yet due');
});
