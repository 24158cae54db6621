// How the readers' load is split over load agents: every connection and virtual client in exactly one share, the
// shares adding up to the whole, the open loop's rate divided, one agent drawing what the single loop drew.

import t from 'tap';
import { loadShares, splitEvenly } from '../../harness/workload/agents/load-shares.js';
import { pageChooser } from '../../harness/workload/page-chooser.js';
import { seededRandom } from '../../harness/workload/random.js';
import { loadScenario } from '../../harness/scenario/load-scenario.js';

t.test('splitEvenly: whole numbers that add up and differ by at most one', async (t) => {
  t.same(splitEvenly(10, 4), [3, 3, 2, 2]);
  t.same(splitEvenly(3, 3), [1, 1, 1]);
  t.same(splitEvenly(2, 3), [1, 1, 0]);
  for (const [total, parts] of [
    [1000, 7],
    [13, 2],
    [64, 64],
  ] as const) {
    const shares = splitEvenly(total, parts);
    t.equal(
      shares.reduce((a, b) => a + b, 0),
      total,
      `${total} over ${parts} adds up`,
    );
    t.ok(Math.max(...shares) - Math.min(...shares) <= 1);
  }
});

t.test('closed loop: no connection or client in two shares, their union the whole', async (t) => {
  const shares = loadShares({ agents: 3, connections: 16, clients: 1000, load: { mode: 'closed' }, seed: 42 });
  t.same(
    shares.map((s) => s.connections),
    [6, 5, 5],
  );
  t.equal(
    shares.reduce((sum, s) => sum + s.connections, 0),
    16,
    'every connection once',
  );
  const clients = shares.flatMap((s) => Array.from({ length: s.clients.count }, (_, i) => s.clients.first + i));
  t.equal(new Set(clients).size, clients.length, 'no client in two shares');
  t.same(
    clients,
    Array.from({ length: 1000 }, (_, i) => i),
    'the union is every client',
  );
  t.same(
    shares.map((s) => s.load),
    [{ mode: 'closed' }, { mode: 'closed' }, { mode: 'closed' }],
  );
  t.equal(shares[0]!.seed, 42, 'agent 0 draws with the scenario seed (one agent sends what the single loop sent)');
  t.equal(new Set(shares.map((s) => s.seed)).size, 3, 'each agent its own stream');
  t.same(loadShares({ agents: 3, connections: 16, clients: 1000, load: { mode: 'closed' }, seed: 42 }), shares, 'deterministic');
});

t.test('open loop: the rate and the in-flight bound divided, each agent a coordinated-omission schedule of its own', async (t) => {
  const shares = loadShares({ agents: 4, connections: 8, clients: 100, load: { mode: 'open', ratePerSecond: 1000, maxInFlight: 10 }, seed: 1 });
  t.same(
    shares.map((s) => s.load),
    [
      { mode: 'open', ratePerSecond: 250, maxInFlight: 3 },
      { mode: 'open', ratePerSecond: 250, maxInFlight: 3 },
      { mode: 'open', ratePerSecond: 250, maxInFlight: 2 },
      { mode: 'open', ratePerSecond: 250, maxInFlight: 2 },
    ],
  );
});

t.test('refused when an agent would have nothing to send', async (t) => {
  t.throws(() => loadShares({ agents: 5, connections: 4, clients: 100, load: { mode: 'closed' }, seed: 1 }), /5 agents need at least 5 connections/);
  t.throws(() => loadShares({ agents: 3, connections: 8, clients: 2, load: { mode: 'closed' }, seed: 1 }), /3 agents need at least 3 virtual clients/);
  t.throws(() => loadShares({ agents: 0, connections: 8, clients: 2, load: { mode: 'closed' }, seed: 1 }), /agents must be a whole number ≥ 1/);
});

t.test("agents share the pages' popularity and draw on streams of their own", async (t) => {
  const scenario = loadScenario('smoke');
  const single = pageChooser(scenario, seededRandom(scenario.seed));
  const other = pageChooser(scenario, seededRandom(scenario.seed), seededRandom(999));
  t.same(other.docOrder, single.docOrder, 'the same popular documents (writers aim at them too)');
  const draws = (chooser: typeof single) => Array.from({ length: 50 }, () => chooser.next());
  const sameSeed = pageChooser(scenario, seededRandom(scenario.seed));
  t.same(draws(sameSeed), draws(single), 'one stream: what the single loop drew');
  t.not(draws(other).join(), draws(pageChooser(scenario, seededRandom(scenario.seed))).join(), 'another stream: other draws');
});
