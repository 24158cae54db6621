// etag-bench's closed loop against wrk, same connections, same run, rounds taken in turn: wrk (one thread: the
// driver has one event loop), autocannon alone, the harness's driver with the readers' hooks as `run` uses it
// (harness/workload/undici-closed-loop.ts), and autocannon's hook path (--driver autocannon); then with every core:
// wrk with a thread per core against etag-bench's load agents (`run --agents auto`, one worker thread per core). Two targets: one
// whose CPU per request is the limit (the goal: the harness's rate within 5 % of wrk's when its own work is not
// the bottleneck), and the bare 304 server (where the load generator is the limit: the harness's ceiling).
// Without Debian's wrk the wrk lines are skipped and say how to install it.
// BENCH_CPU_PROF=<dir> writes profiles of this process during its own rounds (autocannon-alone and
// harness-driver.cpuprofile).

import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import autocannon from 'autocannon';
import { loadScenario } from '../harness/scenario/load-scenario.js';
import { runAgents } from '../harness/workload/agents/agent-pool.js';
import { AutocannonClosedLoop } from '../harness/workload/autocannon-driver.js';
import type { LoadDriver } from '../harness/workload/load-driver.js';
import { pageChooser } from '../harness/workload/page-chooser.js';
import { seededRandom } from '../harness/workload/random.js';
import { Readers } from '../harness/workload/readers.js';
import { UndiciClosedLoop } from '../harness/workload/undici-closed-loop.js';
import { VirtualClients } from '../harness/workload/virtual-clients.js';
import { startChild } from './child-process.js';
import { compare, CONNECTIONS, medianRatio, ROUND_S, ROUNDS, type Compared, type Target } from './closed-load.js';
import { goal, row, whole } from './figures.js';
import { profiled } from './in-process-profile.js';

const GOAL = 0.05;
const profileDir = process.env.BENCH_CPU_PROF;

function hasWrk(): boolean {
  return spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error === undefined;
}

function wrk(url: string, threads = 1): Target {
  return {
    name: `wrk -t${threads}`,
    async run(durationS) {
      const out = spawnSync('wrk', [`-t${threads}`, `-c${CONNECTIONS}`, `-d${durationS}s`, url], { encoding: 'utf8' });
      const requests = /(\d+) requests in ([\d.]+)(m?s)/.exec(out.stdout);
      if (requests === null) throw new Error(`wrk printed no request count: ${out.stdout}${out.stderr}`);
      return { requests: Number(requests[1]), durationS: Number(requests[2]) / (requests[3] === 'ms' ? 1000 : 1) };
    },
  };
}

function autocannonAlone(url: string): Target {
  return {
    name: 'autocannon alone',
    run: (durationS) =>
      profiled(profileDir, 'autocannon-alone', async () => {
        const result = await autocannon({ url, connections: CONNECTIONS, duration: durationS });
        return { requests: result.requests.total, durationS: result.duration };
      }),
  };
}

function harnessDriver(url: string, name: string, driver: () => LoadDriver): Target {
  return {
    name,
    run: (durationS) =>
      profiled(profileDir, name.replace(/\W+/g, '-'), async () => {
        const scenario = loadScenario('smoke');
        const random = seededRandom(1);
        const readers = new Readers([url], CONNECTIONS, durationS, pageChooser(scenario, random), new VirtualClients(64), random, () => performance.now());
        const start = performance.now();
        await driver().run(readers, new AbortController().signal);
        return { requests: readers.exchanges.length, durationS: (performance.now() - start) / 1000 };
      }),
  };
}

/** `run --agents N`'s path: N worker threads, each its share of the connections and clients, with the hooks. */
function harnessAgents(url: string, agents: number): Target {
  return {
    name: `etag-bench ${agents} agents`,
    async run(durationS) {
      const smoke = loadScenario('smoke');
      const scenario = { ...smoke, readers: { ...smoke.readers, connections: CONNECTIONS, clients: 64 } };
      const clock = (): number => performance.now();
      const { exchanges } = await runAgents({ scenario, urls: [url], durationS, agents, driver: 'undici', clock }, new AbortController().signal).done;
      // Timed by the exchanges themselves (first send to last answer), as wrk times its own: the threads' start and
      // the hand-back of the exchanges are not load.
      let first = Number.POSITIVE_INFINITY;
      let last = 0;
      for (const exchange of exchanges) {
        if (exchange.sentAt < first) first = exchange.sentAt;
        if (exchange.receivedAt > last) last = exchange.receivedAt;
      }
      return { requests: exchanges.length, durationS: (last - first) / 1000 };
    },
  };
}

/** Every core: wrk with a thread per core against the agents (one per core) and the single loop. */
async function compareAllCores(url: string) {
  const cores = availableParallelism();
  const [wrkAll, agents, single] = await compare([
    wrk(url, cores),
    harnessAgents(url, cores),
    harnessDriver(url, 'etag-bench 1 loop', () => new UndiciClosedLoop()),
  ]);
  console.log(row(wrkAll!.name, [whole(wrkAll!.rps)]));
  for (const driven of [agents!, single!]) console.log(row(driven.name, [whole(driven.rps), ` ×${medianRatio(driven, wrkAll!).toFixed(2)} wrk -t${cores}`]));
  const ratio = medianRatio(agents!, wrkAll!);
  console.log(`  etag-bench with ${cores} agents: ×${ratio.toFixed(2)} of wrk -t${cores}; ${goal('≥ 0.95×', ratio >= 0.95)}`);
  return { cores, wrk: wrkAll!, agents: agents!, singleLoop: single! };
}

// The target that is the bottleneck: each answer costs the server this much CPU (its ceiling ~1/BUSY_US).
const BUSY_US = 200;

/** wrk, etag-bench's driver and autocannon's hook path on one target, rounds in turn. */
async function compareOn(url: string, withWrk: boolean) {
  const results = await compare([
    ...(withWrk ? [wrk(url)] : []),
    autocannonAlone(url),
    harnessDriver(url, 'etag-bench driver+hooks', () => new UndiciClosedLoop()),
    harnessDriver(url, 'autocannon+hooks', () => new AutocannonClosedLoop()),
  ]);
  const [wrkRun, alone, hooked, autocannonHooked] = withWrk ? results : [undefined, ...results];
  if (wrkRun === undefined) console.log('  wrk not installed: apt-get install wrk');
  else console.log(row(wrkRun.name, [whole(wrkRun.rps)]));
  const versus = (c: Compared): string[] => (wrkRun ? [`×${medianRatio(c, wrkRun).toFixed(2)} wrk`] : []);
  console.log(row(alone!.name, [whole(alone!.rps), ...versus(alone!)]));
  for (const driven of [hooked!, autocannonHooked!])
    console.log(row(driven.name, [whole(driven.rps), ...versus(driven), `×${medianRatio(driven, alone!).toFixed(2)} alone`]));
  return { wrk: wrkRun ?? null, autocannon: alone!, harness: hooked!, autocannonHooks: autocannonHooked! };
}

const withWrk = hasWrk();
const busy = await startChild<{ url: string }>('./bare-304-server.js', { env: { BUSY_US: String(BUSY_US) } });
const bare = await startChild<{ url: string }>('./bare-304-server.js');
try {
  console.log(`closed loop, c=${CONNECTIONS}, ${ROUNDS} rounds of ${ROUND_S}s each, taken in turn (req/s)`);
  console.log(`the server is the limit: a 304 server spending ${BUSY_US} µs of CPU per request`);
  const serverBound = await compareOn(busy.ready.url, withWrk);
  if (serverBound.wrk !== null) {
    const gap = 1 - medianRatio(serverBound.harness, serverBound.wrk);
    const side = gap >= 0 ? `${(gap * 100).toFixed(1)} % below` : `${(-gap * 100).toFixed(1)} % above`;
    console.log(`  etag-bench ${side} wrk (median of the rounds); ${goal(`within ${GOAL * 100} %`, gap <= GOAL)}`);
  }
  console.log('the load generator is the limit: the bare 304 server (the harness ceiling, against wrk)');
  const trivial = await compareOn(bare.ready.url, withWrk);
  console.log(`every core: the bare 304 server, wrk with a thread per core against etag-bench's load agents`);
  const allCores = withWrk ? await compareAllCores(bare.ready.url) : null;
  console.log(JSON.stringify({ bench: 'harness-vs-wrk', serverBound, trivial, allCores }));
} finally {
  await Promise.all([busy.stop(), bare.stop()]);
}
