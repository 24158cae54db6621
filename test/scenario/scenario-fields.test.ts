import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenario, parseScenario } from '../../harness/scenario/load-scenario.js';

const valid = {
  name: 'tiny',
  description: 'a test scenario',
  documents: { count: 10, groups: 2 },
  durationS: 1,
  readers: { connections: 2, clients: 4 },
  writers: { ratePerSecond: 5 },
};

const problem = (value: unknown, file = 'bad.json'): string => {
  try {
    parseScenario(JSON.stringify(value), file);
  } catch (error) {
    t.equal((error as { code?: string }).code, 'EB_ERR_INVALID_SCENARIO');
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
};

t.test('thresholds, instances and impls are read, with defaults', async (t) => {
  const bare = parseScenario(JSON.stringify(valid), 'tiny.json');
  t.same(bare.thresholds, [], 'no thresholds by default');
  t.equal(bare.instances, 1, 'one instance by default');
  t.equal(bare.impls, undefined, "no impls: the run's -i decides");

  const full = parseScenario(
    JSON.stringify({ ...valid, thresholds: ['stale304 == 0', 'latency.304.p99 < 5ms'], instances: 3, impls: ['reference', 'cmd:node x.js'] }),
    'tiny.json',
  );
  t.same(full.thresholds, ['stale304 == 0', 'latency.304.p99 < 5ms']);
  t.equal(full.instances, 3);
  t.same(full.impls, ['reference', 'cmd:node x.js']);
});

t.test('a bad threshold is refused with the file, its path and what is wrong', async (t) => {
  const thresholds = ['stale304 == 0', 'stale200 == 0', 'hitrate >= 0.8'];
  t.match(problem({ ...valid, thresholds }), /^bad\.json: \/thresholds\/2: unknown metric "hitrate" \(known: .*hitRate/);
  t.match(problem({ ...valid, thresholds: ['hitRate >= 80%'] }), /^bad\.json: \/thresholds\/0: "80%" is not a number/);
  t.match(problem({ ...valid, thresholds: ['errors == 0ms'] }), /\/thresholds\/0: "errors" is not a time/);
  t.match(
    problem({ ...valid, thresholds: ['stale304 = 0', 'stale == 0', 'lag.p99'] }),
    /\/thresholds\/0: .*is not a threshold.*; \/thresholds\/2: "lag\.p99" is not a threshold/,
    'every bad one is named',
  );
  t.match(problem({ ...valid, thresholds: 'stale304 == 0' }), /\/thresholds: must be array/);
  t.match(problem({ ...valid, thresholds: [''] }), /\/thresholds\/0: must NOT have fewer than 1 characters/);
});

t.test('a scenario file on disk with a bad threshold names that file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'eb-thresholds-'));
  const file = join(dir, 'mine.json');
  writeFileSync(file, JSON.stringify({ ...valid, thresholds: ['stale304 == 0', 'p99 < 5ms'] }));
  t.throws(() => loadScenario(file), { code: 'EB_ERR_INVALID_SCENARIO', message: `${file}: /thresholds/1: unknown metric "p99" (known: ` } as unknown as Error);
  t.throws(() => loadScenario(file), new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: /thresholds/1: unknown metric "p99"`));
});

t.test('instances and impls are checked', async (t) => {
  t.match(problem({ ...valid, instances: 0 }), /\/instances: must be >= 1/);
  t.match(problem({ ...valid, instances: 1.5 }), /\/instances: must be integer/);
  t.match(problem({ ...valid, impls: [] }), /\/impls: must NOT have fewer than 1 items/);
  t.match(problem({ ...valid, impls: ['reference', ''] }), /\/impls\/1: must NOT have fewer than 1 characters/);
  t.match(problem({ ...valid, impls: [3] }), /\/impls\/0: must be string/);
  t.match(problem({ ...valid, threshold: ['stale304 == 0'] }), /unknown field "threshold"/, 'unknown keys are still refused');
});

t.test('faults are read in time order, lasting ones with a default of 1 s', async (t) => {
  const scenario = parseScenario(
    JSON.stringify({
      ...valid,
      durationS: 10,
      faults: [
        { atS: 5, kind: 'restart-implementation', instance: 0 },
        { atS: 1, kind: 'pause-couchdb' },
        { atS: 3, kind: 'stall-feed', forS: 2.5 },
      ],
    }),
    'tiny.json',
  );
  t.same(scenario.faults, [
    { atS: 1, kind: 'pause-couchdb', forS: 1 },
    { atS: 3, kind: 'stall-feed', forS: 2.5 },
    { atS: 5, kind: 'restart-implementation', instance: 0 },
  ]);
});

t.test('a fault that does not fit is refused with its path and why', async (t) => {
  const at = (faults: unknown[]) => problem({ ...valid, durationS: 10, faults });
  t.match(at([{ atS: 2, kind: 'unplug-cable' }]), /^bad\.json: \/faults\/0\/kind: must be equal to one of the allowed values/);
  t.match(at([{ atS: 0, kind: 'cut-feed' }]), /\/faults\/0\/atS: must be > 0/);
  t.match(at([{ atS: 2, kind: 'cut-feed', forS: 1 }]), /\/faults\/0\/forS: only with pause-couchdb, stall-feed, stop-couchdb-node, pause-couchdb-node/);
  t.match(at([{ atS: 2, kind: 'cut-feed', instance: 1 }]), /\/faults\/0\/instance: only with restart-implementation/);
  t.match(at([{ atS: 9.5, kind: 'pause-couchdb' }]), /\/faults\/0: ends at 10\.5 s, not before the measured window does \(durationS 10\)/);
  t.match(at([{ atS: 10, kind: 'restart-proxy' }]), /\/faults\/0: ends at 10 s/);
  t.match(at([{ atS: 2, kind: 'cut-feed', when: 'now' }]), /\/faults\/0: unknown field "when"/);
  t.match(at([{ atS: 2, kind: 'stop-couchdb-node' }]), /\/faults\/0: stop-couchdb-node needs a cluster \(couchdb\.nodes ≥ 2; this scenario has 1 node\)/);
  t.match(at([{ atS: 2, kind: 'cut-feed', node: 1 }]), /\/faults\/0\/node: only with stop-couchdb-node or pause-couchdb-node/);
});

t.test('a cluster: nodes, q and n, and node faults that name a node it has', async (t) => {
  const cluster = (couchdb: unknown, faults: unknown[] = []) => problem({ ...valid, durationS: 10, couchdb, faults });
  t.match(cluster({ nodes: 2, n: 3 }), /\/couchdb\/n: 3 copies need at least 3 nodes \(couchdb\.nodes is 2\)/);
  t.match(cluster({ nodes: 3 }, [{ atS: 2, kind: 'pause-couchdb-node', node: 3 }]), /\/faults\/0\/node: 3 is not a node of 3 \(they count from 0\)/);
  t.match(cluster({ nodes: 3, shards: 2 }), /\/couchdb: unknown field "shards"/);
});
