// The schedule alone, against recording targets: each step at its time, every start and end an event, a step
// that cannot run or fails an event too (never a thrown error), and a lasting fault undone when the load ends.
// The real targets (CouchDB's process, the fault proxy, proxies, implementations) have tests of their own, and
// test/faults/faults-run.test.ts runs them all together.

import t from 'tap';
import type { RunningImplementation } from '../../harness/contract/running-implementation.js';
import type { FaultTargets } from '../../harness/contract/faults.js';
import { FaultSchedule } from '../../harness/faults/fault-schedule.js';
import type { CouchFaults } from '../../harness/contract/faults.js';
import type { FaultStep } from '../../harness/scenario/scenario.js';

function recorder() {
  const calls: string[] = [];
  const t0 = performance.now();
  const at = (): number => performance.now() - t0;
  const couch: CouchFaults = {
    persistent: true,
    pauseMeans: { pause: 'SIGSTOP', resume: 'SIGCONT' },
    pause: async () => void calls.push(`pause@${Math.round(at())}`),
    resume: async () => void calls.push(`resume@${Math.round(at())}`),
    restart: async () => {
      calls.push('restart');
      await new Promise((resolve) => setTimeout(resolve, 30));
    },
  };
  const feed = {
    cutFeeds: async () => (calls.push('cut'), 2),
    stallFeeds: async () => void calls.push('stall'),
    unstallFeeds: async () => void calls.push('unstall'),
  };
  const instance = { spec: { spec: 'reference' }, restart: async () => void calls.push('restart-impl') } as unknown as RunningImplementation;
  return { calls, at, couch, feed, instance };
}

t.test('each step runs at its time and leaves a start and an end event', async (t) => {
  const { calls, at, couch, feed, instance } = recorder();
  const steps: FaultStep[] = [
    { atS: 0.05, kind: 'pause-couchdb', forS: 0.1 },
    { atS: 0.17, kind: 'cut-feed' },
    { atS: 0.2, kind: 'stall-feed', forS: 0.05 },
    { atS: 0.3, kind: 'restart-couchdb' },
    { atS: 0.45, kind: 'restart-implementation' },
  ];
  const schedule = new FaultSchedule(steps, { couch, feed, implementations: [instance] }, at);
  schedule.start(0);
  await new Promise((resolve) => setTimeout(resolve, 600));
  await schedule.stop();
  const pausedAt = Number(calls.find((c) => c.startsWith('pause@'))!.slice(6));
  const resumedAt = Number(calls.find((c) => c.startsWith('resume@'))!.slice(7));
  t.ok(pausedAt >= 45 && pausedAt < 150, `paused at ${pausedAt} ms (due at 50)`);
  t.ok(resumedAt - pausedAt >= 95, `resumed ${resumedAt - pausedAt} ms later (lasts 100)`);
  t.same(
    calls.filter((c) => !c.includes('@')),
    ['cut', 'stall', 'unstall', 'restart', 'restart-impl'],
  );
  t.same(
    schedule.events.map((e) => e.kind),
    [
      'pause-couchdb',
      'pause-couchdb-end',
      'cut-feed',
      'stall-feed',
      'stall-feed-end',
      'restart-couchdb',
      'restart-couchdb-end',
      'restart-implementation',
      'restart-implementation-end',
    ],
    'every start and end is an event, in time order',
  );
  t.match(schedule.events.find((e) => e.kind === 'cut-feed')!.label, /changes feed cut \(2 connections\)/);
  t.match(schedule.events.find((e) => e.kind === 'restart-couchdb-end')!.label, /^CouchDB back after \d+\.\d s$/);
  t.ok(
    schedule.events.every((e, i, all) => i === 0 || all[i - 1]!.atMs <= e.atMs),
    'events in time order',
  );
  t.ok(schedule.couchRestarted, 'it knows CouchDB restarted (its counters start again)');
});

t.test('a step without its target is an event saying why, and the others still run', async (t) => {
  const { calls, at, instance } = recorder();
  const targets: FaultTargets = { feedMissing: 'the implementations run in containers', implementations: [instance] };
  const schedule = new FaultSchedule(
    [
      { atS: 0.01, kind: 'pause-couchdb', forS: 1 },
      { atS: 0.02, kind: 'stall-feed', forS: 1 },
      { atS: 0.03, kind: 'restart-proxy' },
      { atS: 0.04, kind: 'restart-implementation', instance: 3 },
      { atS: 0.05, kind: 'restart-implementation' },
    ],
    targets,
    at,
  );
  schedule.start(0);
  await new Promise((resolve) => setTimeout(resolve, 150));
  await schedule.stop();
  t.same(
    schedule.events.filter((e) => e.kind === 'fault-skipped').map((e) => e.label),
    [
      'pause-couchdb skipped: CouchDB is not a process the harness started',
      'stall-feed skipped: the implementations run in containers',
      'restart-proxy skipped: no caching proxy in this run',
      'restart-implementation skipped: no instance 3 (1 running)',
    ],
  );
  t.same(calls, ['restart-impl'], 'the one step that could run, ran');
  t.notOk(schedule.couchRestarted);
});

t.test('a fault that fails is an event, not an exception', async (t) => {
  const { at, couch } = recorder();
  const broken: CouchFaults = {
    ...couch,
    persistent: false,
    restart: () => Promise.reject(new Error('restarting CouchDB needs the persistent embedded server')),
  };
  const schedule = new FaultSchedule([{ atS: 0.01, kind: 'restart-couchdb' }], { couch: broken, implementations: [] }, at);
  schedule.start(0);
  await new Promise((resolve) => setTimeout(resolve, 50));
  await schedule.stop();
  t.same(
    schedule.events.map((e) => [e.kind, e.label]),
    [
      ['restart-couchdb', 'CouchDB restarting'],
      ['fault-error', 'restart-couchdb failed: restarting CouchDB needs the persistent embedded server'],
    ],
  );
});

t.test('when the load ends early, a lasting fault is undone and the steps not yet due are said not to have run', async (t) => {
  const { calls, at, couch, feed } = recorder();
  const schedule = new FaultSchedule(
    [
      { atS: 0.01, kind: 'pause-couchdb', forS: 60 },
      { atS: 30, kind: 'cut-feed' },
    ],
    { couch, feed, implementations: [] },
    at,
  );
  schedule.start(0);
  await new Promise((resolve) => setTimeout(resolve, 60));
  const stopping = performance.now();
  await schedule.stop();
  t.ok(performance.now() - stopping < 1000, 'stop() does not wait out the pause');
  t.ok(
    calls.some((c) => c.startsWith('resume@')),
    'CouchDB resumed (SIGCONT) before the run reads its counters',
  );
  t.same(
    schedule.events.map((e) => [e.kind, e.label]),
    [
      ['pause-couchdb', 'CouchDB paused (SIGSTOP) for 60 s'],
      ['pause-couchdb-end', 'CouchDB resumed (SIGCONT)'],
      ['fault-skipped', 'cut-feed at 30 s not run: the load ended first'],
    ],
  );
});

t.test('a step that comes due while the last is under way waits for it: faults never overlap', async (t) => {
  const { calls, at, couch, feed } = recorder();
  const slow: CouchFaults = {
    ...couch,
    restart: async () => {
      calls.push(`restart@${Math.round(at())}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
      calls.push(`restarted@${Math.round(at())}`);
    },
  };
  const schedule = new FaultSchedule(
    [
      { atS: 0.01, kind: 'restart-couchdb' },
      { atS: 0.05, kind: 'cut-feed' },
    ],
    { couch: slow, feed, implementations: [] },
    at,
  );
  schedule.start(0);
  await new Promise((resolve) => setTimeout(resolve, 400));
  await schedule.stop();
  t.same(
    calls.map((c) => c.replace(/@\d+/, '')),
    ['restart', 'restarted', 'cut'],
    'the cut waited for the restart to end',
  );
  const restartEnd = schedule.events.find((e) => e.kind === 'restart-couchdb-end')!.atMs;
  const cutAt = schedule.events.find((e) => e.kind === 'cut-feed')!.atMs;
  t.ok(cutAt >= restartEnd && cutAt >= 200, `the cut's event says when it really happened (${cutAt} ms, due at 50)`);
});
