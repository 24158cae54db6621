// The run plan: command-line overrides reach the scenarios once, in one place, and every cell of the matrix
// sees the scenario as overridden; bad combinations are refused before anything starts.

import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { planRun, withOverrides, type RunRequest } from '../../harness/run/run-plan.js';
import { loadScenario } from '../../harness/scenario/load-scenario.js';

const noContainers = async (): Promise<{ kind: 'embedded'; why: string }> => ({ kind: 'embedded', why: 'no container runtime (test)' });

function request(changes: Partial<RunRequest> = {}): RunRequest {
  return {
    scenarios: [loadScenario('smoke'), loadScenario('read-heavy')],
    env: 'embedded',
    overrides: {},
    graceMs: 1000,
    driver: 'undici',
    conformance: false,
    out: mkdtempSync(join(tmpdir(), 'eb-plan-')),
    ...changes,
  };
}

t.test('without overrides the scenarios run as their files say', async (t) => {
  const plan = await planRun(request(), noContainers);
  t.same(plan.scenarios, [loadScenario('smoke'), loadScenario('read-heavy')]);
  t.same(
    plan.cells.map((cell) => cell.label),
    ['smoke × reference', 'smoke × seed', 'read-heavy × reference', 'read-heavy × seed'],
  );
  t.same(
    plan.impls.map((impl) => impl.spec),
    ['reference', 'seed'],
    'each implementation once',
  );
  t.equal(plan.environment.persistent, false, 'no scenario restarts CouchDB');
});

t.test('every override lands on every scenario and every cell, once', async (t) => {
  const overrides = { durationS: 3, ratePerSecond: 250, instances: 2, proxy: 'none', purgeBy: 'invalidator' as const, proxyTtlS: 2 };
  const plan = await planRun(request({ overrides, impls: ['reference,none'] }), noContainers);
  for (const scenario of plan.scenarios) {
    t.equal(scenario.durationS, 3, `${scenario.name}: --duration`);
    t.same(scenario.load, { mode: 'open', ratePerSecond: 250, maxInFlight: scenario.readers.connections }, `${scenario.name}: --rate`);
    t.equal(scenario.instances, 2, `${scenario.name}: --instances`);
    t.equal(scenario.purgeBy, 'invalidator', `${scenario.name}: --purge-by`);
    t.equal(scenario.proxyTtlS, 2, `${scenario.name}: --proxy-ttl`);
  }
  t.equal(plan.cells.length, 4, '-i replaces each scenario’s implementations');
  for (const cell of plan.cells) {
    t.ok(plan.scenarios.includes(cell.scenario), `${cell.label}: the very scenario object the plan holds`);
    t.equal(cell.proxy, undefined, `${cell.label}: --proxy none`);
  }
  const base = loadScenario('smoke');
  t.same(withOverrides(base, overrides), plan.scenarios[0], 'withOverrides is the one function that applies them');
  t.same(withOverrides(base, {}), base, 'no override, no change');
});

t.test('--rate keeps an open-loop scenario’s own in-flight bound', async (t) => {
  const open = { ...loadScenario('smoke'), load: { mode: 'open' as const, ratePerSecond: 100, maxInFlight: 7 } };
  t.same(withOverrides(open, { ratePerSecond: 500 }).load, { mode: 'open', ratePerSecond: 500, maxInFlight: 7 });
});

t.test('a scenario names its implementations unless -i does; a scenario that restarts CouchDB makes it persistent', async (t) => {
  const plan = await planRun(request({ scenarios: [loadScenario('multi-instance'), loadScenario('smoke')] }), noContainers);
  t.same(
    plan.cells.map((cell) => cell.label),
    ['multi-instance × reference', 'smoke × reference', 'smoke × seed'],
  );
  const faults = await planRun(request({ scenarios: [loadScenario('faults')], overrides: { proxy: 'none' } }), noContainers);
  t.equal(faults.environment.persistent, true);
});

t.test('--env auto asks once and keeps the reason', async (t) => {
  let asked = 0;
  const plan = await planRun(request({ env: 'auto' }), async () => {
    asked++;
    return { kind: 'embedded', why: 'no container runtime (test)' };
  });
  t.equal(asked, 1);
  t.same(plan.environment, { kind: 'embedded', why: 'no container runtime (test)', persistent: false, couchdbNodes: 1 });
});

t.test('refused before anything starts, exit 2, naming the option', async (t) => {
  const refused = async (changes: Partial<RunRequest>, message: RegExp): Promise<void> => {
    await t.rejects(planRun(request(changes), noContainers), { code: 'EB_ERR_INVALID_OPTION', exitCode: 2, message } as unknown as Error);
  };
  await refused({ env: 'external' }, /^--env: "external" is not usable without --couchdb-url/);
  await refused({ couchdbUrl: 'http://127.0.0.1:5984' }, /^--couchdb-url\/--db: .* given with --env embedded/);
  await refused({ couchdbImage: 'couchdb:3' }, /^--couchdb-image: .*only with --env containers/);
  await refused({ overrides: { proxy: 'squid' } }, /^--proxy: "squid" is not a proxy/);
  await refused({ overrides: { proxy: 'nginx:ttl', proxyTtlS: 1.5 } }, /^--proxy-ttl: 1\.5 is not a whole number of seconds/);
  const file = join(mkdtempSync(join(tmpdir(), 'eb-plan-')), 'a-file');
  writeFileSync(file, 'not a directory');
  await refused({ out: file }, /^--out: .* is not a directory \(it is a file\)/);
  await refused({ out: join(file, 'sub') }, /^--out: .* is not a directory \(.*a-file is a file\)/);
  await refused({ env: 'external', couchdbUrl: 'http://127.0.0.1:1' }, /^--couchdb-url: .* is not usable: port 1 is on the Fetch standard's blocked-port list/);
  await refused({ impls: ['url:http://127.0.0.1:6000'] }, /^--impl: .* is not usable: port 6000 is on the Fetch standard's blocked-port list/);
});

t.test('an output directory that does not exist yet is accepted, and not made until results are written', async (t) => {
  const out = join(mkdtempSync(join(tmpdir(), 'eb-plan-')), 'new', 'deeper');
  const plan = await planRun(request({ out }), noContainers);
  t.equal(plan.out, out);
  t.notOk(existsSync(out), 'a refused or failed run leaves no empty directory behind');
});

t.test('--couchdb-nodes: a cluster for every scenario under containers, refused elsewhere before anything starts', async (t) => {
  const plan = await planRun(request({ env: 'containers', overrides: { couchdbNodes: 3 } }), noContainers);
  t.equal(plan.environment.couchdbNodes, 3, 'the environment starts three nodes');
  for (const scenario of plan.scenarios) t.equal(scenario.couchdb.nodes, 3, `${scenario.name}: three nodes`);
  t.equal((await planRun(request(), noContainers)).environment.couchdbNodes, 1, 'one node by default');
  await t.rejects(planRun(request({ overrides: { couchdbNodes: 3 } }), noContainers), {
    code: 'EB_ERR_INVALID_OPTION',
    exitCode: 2,
    message: /^--couchdb-nodes: 3 is not usable with --env embedded \(a CouchDB cluster runs only under --env containers\)$/,
  });
  const mixed = request({ env: 'containers', scenarios: [loadScenario('smoke'), loadScenario('cluster')] });
  await t.rejects(planRun(mixed, noContainers), { message: /scenarios that ask for the same number of CouchDB nodes/ });
});

t.test('image: implementations: in containers, their proxy a container too; refused before anything starts elsewhere', async (t) => {
  const plan = await planRun(
    request({ env: 'containers', impls: ['image:my-app:1,cmd:node server.js'], overrides: { proxy: 'varnish' }, implEnv: { FEATURE: 'on' } }),
    noContainers,
  );
  const [image, cmd] = plan.cells;
  t.same(image?.impl, { kind: 'image', spec: 'image:my-app:1', image: 'my-app:1' });
  t.equal(image?.proxy?.binary, undefined, 'the proxy in front of an image: runs from its image: no local varnishd looked up');
  t.not(cmd?.proxy?.binary, undefined, 'a cmd: implementation stays local, and so does its proxy');
  t.same(plan.implEnv, { FEATURE: 'on' }, '--impl-env travels with the plan');
  t.same((await planRun(request(), noContainers)).implEnv, {}, 'none given: none');
  await t.rejects(planRun(request({ env: 'embedded', impls: ['reference,image:my-app:1'] }), noContainers), {
    code: 'EB_ERR_INVALID_OPTION',
    message: /^--impl: "image:my-app:1" is not usable with --env embedded \(an image: implementation needs --env containers and a container runtime\)$/,
  });
  await t.rejects(planRun(request({ env: 'auto', impls: ['image:my-app:1'] }), noContainers), {
    message: /^--impl: "image:my-app:1" is not usable here: --env auto chose embedded \(no container runtime \(test\)\), and an image: implementation needs/,
  });
});

t.test('--proxy as a list: a cell per implementation × proxy, each proxy once', async (t) => {
  const plan = await planRun(request({ scenarios: [loadScenario('smoke')], overrides: { proxy: 'none,varnish,nginx:purge' } }), noContainers);
  t.same(
    plan.cells.map((cell) => cell.label),
    [
      'smoke × reference',
      'smoke × reference behind varnish:revalidate',
      'smoke × reference behind nginx:purge',
      'smoke × seed',
      'smoke × seed behind varnish:revalidate',
      'smoke × seed behind nginx:purge',
    ],
  );
  t.same(
    plan.impls.map((impl) => impl.spec),
    ['reference', 'seed'],
    'each implementation once',
  );
  await t.rejects(planRun(request({ overrides: { proxy: 'varnish,varnish:revalidate' } }), noContainers), {
    code: 'EB_ERR_INVALID_OPTION',
    message: /^--proxy: "varnish:revalidate" is not given once/,
  });
});

t.test('--shard i/n: one cell, its part of the load, writers on the first shard only; refused when it cannot be', async (t) => {
  const one = { scenarios: [loadScenario('smoke')], impls: ['reference'] };
  const first = await planRun(request({ ...one, shard: { index: 1, count: 2 } }), noContainers);
  const second = await planRun(request({ ...one, shard: { index: 2, count: 2 } }), noContainers);
  const smoke = loadScenario('smoke');
  t.equal(first.shard!.share.connections + second.shard!.share.connections, smoke.readers.connections, 'the connections split');
  t.equal(second.shard!.share.clients.first, first.shard!.share.clients.count, 'the clients split, none in both');
  t.equal(first.scenarios[0]!.writers.ratePerSecond, smoke.writers.ratePerSecond, 'shard 1 writes');
  t.equal(second.scenarios[0]!.writers.ratePerSecond, 0, 'shard 2 only reads');
  t.not(second.shard!.share.seed, first.shard!.share.seed, 'each shard draws on its own stream');
  const quiet = await planRun(request({ ...one, shard: { index: 1, count: 2 }, writers: false }), noContainers);
  t.equal(quiet.scenarios[0]!.writers.ratePerSecond, 0, '--no-writers: none on shard 1 either');
  const startAt = Date.now() + 60_000;
  t.equal((await planRun(request({ ...one, startAt }), noContainers)).startAt, startAt, '--start-at travels with the plan');
  const refused = async (changes: Partial<RunRequest>, message: RegExp): Promise<void> => {
    await t.rejects(planRun(request(changes), noContainers), { code: 'EB_ERR_INVALID_OPTION', exitCode: 2, message } as unknown as Error);
  };
  await refused({ shard: { index: 1, count: 2 } }, /^--shard: "1\/2" is not usable with one scenario × one implementation × one proxy \(this run has 4:/);
  await refused({ ...one, shard: { index: 1, count: 999 } }, /^--shard: "1\/999" is not possible for smoke: 999 shards need at least 999 connections/);
  await refused({ ...one, startAt: Date.now() - 1000 }, /^--start-at: ".*" is not in the future \(it has passed\)/);
  await refused({ ...one, shard: { index: 1, count: 2 }, agents: 100 }, /^--agents: 100 is not possible for smoke \(shard 1\/2\)/);
});
