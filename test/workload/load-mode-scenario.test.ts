// A scenario's `load`: closed loop by default, open loop at a target rate; refused when it cannot be used.

import t, { type Test } from 'tap';
import { parseScenario } from '../../harness/scenario/load-scenario.js';

const valid = {
  name: 'tiny',
  description: 'a test scenario',
  documents: { count: 10, groups: 2 },
  durationS: 1,
  readers: { connections: 3, clients: 4 },
  writers: { ratePerSecond: 5 },
};

const problem = (t: Test, value: unknown): string => {
  try {
    parseScenario(JSON.stringify(value), 'bad.json');
  } catch (error) {
    t.equal((error as { code?: string }).code, 'EB_ERR_INVALID_SCENARIO');
    return (error as Error).message;
  }
  throw new Error('expected the scenario to be refused');
};

t.test('without load, the load is closed loop (as before)', async (t) => {
  t.same(parseScenario(JSON.stringify(valid), 'tiny.json').load, { mode: 'closed' });
  t.same(parseScenario(JSON.stringify({ ...valid, load: { mode: 'closed' } }), 'tiny.json').load, { mode: 'closed' });
});

t.test('open loop: the target rate, and at most readers.connections in flight unless maxInFlight says', async (t) => {
  const open = parseScenario(JSON.stringify({ ...valid, load: { mode: 'open', ratePerSecond: 500 } }), 'tiny.json');
  t.same(open.load, { mode: 'open', ratePerSecond: 500, maxInFlight: 3 });
  const capped = parseScenario(JSON.stringify({ ...valid, load: { mode: 'open', ratePerSecond: 0.5, maxInFlight: 64 } }), 'tiny.json');
  t.same(capped.load, { mode: 'open', ratePerSecond: 0.5, maxInFlight: 64 });
});

t.test('a load that cannot be used is refused, naming the field', async (t) => {
  t.match(problem(t, { ...valid, load: { mode: 'open' } }), /^bad\.json: \/load: missing field "ratePerSecond" \(open loop sends at a target rate\)$/);
  t.match(problem(t, { ...valid, load: { mode: 'closed', ratePerSecond: 100 } }), /\/load\/ratePerSecond: only with mode "open"/);
  t.match(
    problem(t, { ...valid, load: { mode: 'closed', maxInFlight: 4 } }),
    /\/load\/maxInFlight: only with mode "open" \(closed loop: readers\.connections\)/,
  );
  t.match(problem(t, { ...valid, load: { mode: 'open', ratePerSecond: 0 } }), /\/load\/ratePerSecond: must be > 0/);
  t.match(problem(t, { ...valid, load: { mode: 'open', ratePerSecond: 10, maxInFlight: 0 } }), /\/load\/maxInFlight: must be >= 1/);
  t.match(problem(t, { ...valid, load: { mode: 'wrk' } }), /\/load\/mode: must be equal to one of the allowed values/);
  t.match(problem(t, { ...valid, load: { mode: 'open', ratePerSecond: 10, rps: 1 } }), /\/load: unknown field "rps"/);
  t.match(problem(t, { ...valid, load: { ratePerSecond: 10 } }), /\/load: missing field "mode"/);
});
