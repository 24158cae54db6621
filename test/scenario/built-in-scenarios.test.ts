import t from 'tap';
import { readFileSync } from 'node:fs';
import { builtInScenarioFile, builtInScenarios, loadScenario } from '../../harness/scenario/load-scenario.js';
import { parseThreshold } from '../../harness/results/thresholds/parse-threshold.js';

const LIBRARY = ['cluster', 'deletes', 'external-writes', 'faults', 'groups', 'multi-instance', 'race', 'read-heavy', 'scale', 'smoke', 'write-heavy'];

t.test('the library holds every scenario of the issue', async (t) => {
  t.same(builtInScenarios(), LIBRARY);
});

t.test('every built-in loads, validates and is self-consistent', async (t) => {
  for (const name of builtInScenarios()) {
    t.test(name, async (t) => {
      const file = builtInScenarioFile(name);
      const text = readFileSync(file, 'utf8');
      t.match(text, /^\{\n {2}"\$schema": "\.\.\/schemas\/scenario\.schema\.json",\n/, '$schema first, for editors');
      const scenario = loadScenario(name);
      t.equal(scenario.name, name, 'its name is its file name');
      t.notMatch(scenario.description, /\n/, 'a one-line description');
      t.ok(scenario.description.length > 20 && scenario.description.length <= 160, `a description that fits a line (${scenario.description.length} chars)`);
      for (const threshold of scenario.thresholds) t.doesNotThrow(() => parseThreshold(threshold), threshold);
    });
  }
});

t.test('every new scenario demands zero stale responses', async (t) => {
  for (const name of LIBRARY.filter((n) => n !== 'smoke')) {
    const { thresholds } = loadScenario(name);
    t.ok(thresholds.includes('stale304 == 0') && thresholds.includes('stale200 == 0'), `${name}: ${thresholds.join(', ')}`);
  }
});

t.test('each scenario has the shape its name promises', async (t) => {
  const readHeavy = loadScenario('read-heavy');
  t.ok(readHeavy.writers.ratePerSecond <= 5, 'read-heavy: few writes');
  t.ok(
    readHeavy.thresholds.some((text) => text.startsWith('hitRateGap')),
    'read-heavy: a hit-rate threshold',
  );

  const writeHeavy = loadScenario('write-heavy');
  t.ok(writeHeavy.writers.ratePerSecond >= 40, 'write-heavy: a high write rate');
  t.ok(writeHeavy.writers.zipfExponent > writeHeavy.readers.zipfExponent, 'write-heavy: writes skewed onto a small hot set');

  t.equal(loadScenario('external-writes').writers.throughAppShare, 0, 'external-writes: nothing through the app');

  const race = loadScenario('race');
  t.equal(race.writers.zipfExponent, race.readers.zipfExponent, 'race: writes aim at the pages read');
  t.ok(race.readers.zipfExponent >= 1.3 && race.writers.ratePerSecond >= 40, 'race: high skew, high write rate');

  const groups = loadScenario('groups');
  t.ok(groups.readers.groupPageShare >= 0.5 && groups.writers.moveShare >= 0.3, 'groups: group pages and membership changes');

  const deletes = loadScenario('deletes');
  t.ok(deletes.writers.deleteShare >= 0.2 && deletes.writers.deleteShare <= 0.4, 'deletes: about 0.3 of writes delete');

  const multi = loadScenario('multi-instance');
  t.equal(multi.instances, 3);
  t.same(multi.impls, ['reference']);

  const scale = loadScenario('scale');
  const smoke = loadScenario('smoke');
  t.equal(scale.documents.count, 100_000);
  t.ok(scale.durationS < smoke.durationS, 'scale: shorter than smoke');
  t.equal(scale.documents.count / scale.documents.groups, smoke.documents.count / smoke.documents.groups, "scale: smoke's group size, so pages cost the same");

  const faults = loadScenario('faults');
  const kinds = ['pause-couchdb', 'restart-couchdb', 'cut-feed', 'stall-feed', 'restart-proxy', 'restart-implementation'];
  t.same(faults.faults.map((step) => step.kind).sort(), [...kinds].sort(), 'faults: every kind of fault, once');
  // Revalidating, every request still reaches the implementation's own check, and restarting the proxy means something.
  t.equal(faults.proxy, 'varnish:revalidate', 'faults: behind Varnish revalidating every request');
  t.same(smoke.faults, [], 'no faults by default');

  t.equal(smoke.instances, 1, 'one instance by default');
  t.equal(smoke.impls, undefined, "no impls: the run's -i");
});
