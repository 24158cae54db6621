import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInScenarios, loadScenario, parseScenario } from '../../harness/scenario/load-scenario.js';

const valid = {
  name: 'tiny',
  description: 'a test scenario',
  documents: { count: 10, groups: 2 },
  durationS: 1,
  readers: { connections: 2, clients: 4 },
  writers: { ratePerSecond: 5 },
};

const problem = (value: unknown): string => {
  try {
    parseScenario(JSON.stringify(value), 'bad.json');
  } catch (error) {
    t.equal((error as { code?: string }).code, 'EB_ERR_INVALID_SCENARIO');
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
};

t.test('the built-in smoke scenario loads with its values', async (t) => {
  t.ok(builtInScenarios().includes('smoke'));
  const smoke = loadScenario('smoke');
  t.equal(smoke.name, 'smoke');
  t.equal(smoke.documents.count, 200);
  t.ok(smoke.durationS >= 5 && smoke.durationS <= 15, 'about 10 s of load');
  t.ok(smoke.writers.ratePerSecond > 0);
  t.ok(smoke.writers.throughAppShare > 0 && smoke.writers.throughAppShare < 1, 'writes split between the app and CouchDB');
});

t.test('defaults fill what a file leaves out', async (t) => {
  const scenario = parseScenario(JSON.stringify(valid), 'tiny.json');
  t.equal(scenario.warmupS, 1);
  t.equal(scenario.readers.zipfExponent, 1);
  t.equal(scenario.writers.throughAppShare, 0.5);
  t.equal(scenario.writers.zipfExponent, 1, "writes follow the readers' skew");
  t.equal(scenario.probes.everyNthWrite, 1);
});

t.test('an invalid file names the file, the field and what was expected', async (t) => {
  t.match(problem({ ...valid, readers: { connections: 0, clients: 4 } }), /^bad\.json: \/readers\/connections: must be >= 1/);
  t.match(problem({ ...valid, readers: { conections: 2, clients: 4 } }), /\/readers: unknown field "conections"/);
  t.match(problem({ ...valid, durationS: 'ten' }), /\/durationS: must be number/);
  const { writers: _writers, ...noWriters } = valid;
  t.match(problem(noWriters), /\(top level\): missing field "writers"/);
  t.match(problem({ ...valid, writers: { ratePerSecond: 1, throughAppShare: 2 } }), /\/writers\/throughAppShare: must be <= 1/);
  t.throws(() => parseScenario('{ not json', 'broken.json'), /broken\.json: not valid JSON/);
});

t.test('unknown names list the known ones; missing files say so', async (t) => {
  t.throws(() => loadScenario('nope'), /unknown scenario "nope" \(built-in: .*smoke/);
  t.throws(() => loadScenario('/no/such/file.json'), /\/no\/such\/file\.json: cannot read the scenario \(no such file\)/);
  const dir = mkdtempSync(join(tmpdir(), 'eb-scenario-'));
  const file = join(dir, 'mine.json');
  writeFileSync(file, JSON.stringify(valid));
  t.equal(loadScenario(file).name, 'tiny', 'a file path loads');
});
